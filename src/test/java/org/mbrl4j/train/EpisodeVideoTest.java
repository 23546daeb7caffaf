package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.FrameSource;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.env.render.PendulumRenderer;
import org.mbrl4j.env.render.PixelEnvs;

/**
 * The evaluation video: an animated GIF that ImageIO reads back with one frame per observation, at the
 * enlarged frame size, frame k equal to recorded frame k (rendered from the state, or the last frame of
 * a pixel observation's stack), each shown for the control period × action_repeat and looping forever;
 * with eval_video=true the trainer writes one per evaluation.
 */
class EpisodeVideoTest {
    @TempDir
    Path work;

    @Test
    void aStateEpisodeReadsBackFrameForFrame() throws Exception {
        RunConfig run = TrainerFixture.config(work, "action_repeat=2").config().run();
        Env env = TrainEnvs.make(run);
        RecordedEpisode episode = play(env, 12);
        EpisodeVideo video = EpisodeVideo.of(env, 2, 64);
        assertEquals(10, video.delayCentiseconds(), "Pendulum's 0.05 s × action_repeat 2");
        var renderer = new PendulumRenderer();
        List<byte[]> expected = new ArrayList<>();
        for (Observation o : episode.observations()) {
            expected.add(renderer.render(((Observation.F32) o).values()));
        }
        assertGifShows(write(video, episode), expected, video.size(), video.zoom(), 10);
    }

    @Test
    void aPixelEpisodeShowsTheLastFrameOfEachStack() throws Exception {
        RunConfig run = TrainerFixture.config(work, "obs=rgb", "frame_stack=3").config().run();
        Env env = TrainEnvs.make(run);
        RecordedEpisode episode = play(env, 6);
        EpisodeVideo video = EpisodeVideo.of(env, 1, 64);
        assertEquals(64, video.size());
        List<byte[]> expected = new ArrayList<>();
        for (Observation o : episode.observations()) {
            byte[] stack = ((Observation.U8) o).values();
            expected.add(java.util.Arrays.copyOfRange(stack, 2 * 3 * 64 * 64, stack.length));
        }
        assertGifShows(write(video, episode), expected, 64, video.zoom(), 5);
    }

    @Test
    void aTaskWithoutARendererHasNoVideo() {
        Env frameless = new Env() {
            @Override
            public EnvSpec spec() {
                return new EnvSpec("no-such-task", ObsSpec.vector(3), 1, 10);
            }

            @Override
            public Observation reset(long seed) {
                return new Observation.F32(new float[3]);
            }

            @Override
            public Step step(float[] action) {
                return new Step(new Observation.F32(new float[3]), 0, false, false);
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> EpisodeVideo.of(frameless, 1, 64));
        assertTrue(e.getMessage().contains("task no-such-task has no frame renderer, so its episodes have no video;"
                + " videos work for pendulum, cartpole-swingup and the MuJoCo tasks (dmc-*)"), e.getMessage());
    }

    @Test
    void theSoftwareRenderersDrawOnly64PixelFrames() {
        Env env = TrainEnvs.make(TrainerFixture.config(work).config().run());
        var e = assertThrows(IllegalArgumentException.class, () -> EpisodeVideo.of(env, 1, 128));
        assertEquals("video_size=128: the software renderer of pendulum draws only 64x64 frames; set video_size=64"
                + " (the MuJoCo tasks, dmc-*, render any size)", e.getMessage());
        Env pixels = TrainEnvs.make(TrainerFixture.config(work, "obs=rgb").config().run());
        var p = assertThrows(IllegalArgumentException.class, () -> EpisodeVideo.of(pixels, 1, 96));
        assertEquals("video_size=96: with obs=rgb the video shows the agent's own frames, which are 64x64; set"
                + " video_size=64", p.getMessage());
    }

    /** MuJoCo, state observations: frame t is MuJoCo's rendering of the state of o_t, at any size. */
    @Test
    void aMujocoStateEpisodeShowsTheFramesMujocoRendersOfEachState() throws Exception {
        requireMujoco();
        RunConfig run = TrainerFixture.config(work, "task=" + MUJOCO_TASK, "action_repeat=2").config().run();
        EpisodeVideo video = EpisodeVideo.of(TrainEnvs.make(run), 2, 96);
        assertEquals(2, video.delayCentiseconds(), "dm_control cart-pole's 0.01 s × action_repeat 2");
        Supplier<Env> envs = video.recording(() -> TrainEnvs.make(run));
        Env env = envs.get();
        assertNotSame(env, envs.get(), "only the first env is tapped");
        RecordedEpisode episode = play(env, 6);
        List<byte[]> expected = replayedFrames(TrainEnvs.make(run), episode, 96);
        List<byte[]> frames = video.frames(episode);
        assertEquals(7, frames.size());
        for (int t = 0; t < frames.size(); t++) {
            assertArrayEquals(expected.get(t), frames.get(t), "frame " + t);
        }
        assertNotEquals(Arrays.hashCode(frames.get(0)), Arrays.hashCode(frames.get(6)), "the cart-pole moved");

        RecordedEpisode next = play(env, 4); // the tap was armed again by frames(...)
        Path gif = write(video, next);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true));
            assertEquals(96 * video.zoom(), reader.read(0).getWidth());
        }
        var small = assertThrows(IllegalArgumentException.class, () -> EpisodeVideo.of(TrainEnvs.make(run), 2, 8));
        assertEquals("video_size=8: must be in [16, 1024] for " + MUJOCO_TASK, small.getMessage());
    }

    /** MuJoCo, obs=rgb: the video shows the frames the agent saw, the last of each stack. */
    @Test
    void aMujocoPixelEpisodeShowsTheAgentsFrames() {
        requireMujoco();
        RunConfig run = TrainerFixture.config(work, "task=" + MUJOCO_TASK, "action_repeat=4", "obs=rgb",
                "frame_stack=2").config().run();
        Env env = TrainEnvs.make(run);
        EpisodeVideo video = EpisodeVideo.of(env, 4, 64);
        assertEquals(4, video.delayCentiseconds());
        RecordedEpisode episode = play(video.recording(() -> env).get(), 3);
        List<byte[]> frames = video.frames(episode);
        for (int t = 0; t < frames.size(); t++) {
            byte[] stack = ((Observation.U8) episode.observations().get(t)).values();
            assertArrayEquals(Arrays.copyOfRange(stack, 3 * 64 * 64, stack.length), frames.get(t), "frame " + t);
        }
    }

    /** eval_video=true on a MuJoCo task: the trainer's evaluator draws episode 0's frames while it plays. */
    @Test
    void evalVideoOfAMujocoTaskHasAFramePerObservation() throws Exception {
        requireMujoco();
        TrainResult r = TrainerFixture.train(TrainerFixture.config(work, "task=" + MUJOCO_TASK, "action_repeat=8",
                "steps=1", "mpc=false", "eval_video=true")).result();
        for (long envStep : new long[] {0, 8}) {
            Path gif = r.dir().evalVideo(envStep);
            try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
                ImageReader reader = ImageIO.getImageReaders(in).next();
                reader.setInput(in);
                assertEquals(1000 / 8 + 1, reader.getNumImages(true), gif + ": 125 agent steps, 126 observations");
            }
        }
    }

    private static final String MUJOCO_TASK = "dmc-cartpole-swingup";

    /** MuJoCo tests run where MuJoCo is installed (scripts/install-mujoco.sh), else are skipped with a line on stderr. */
    private static void requireMujoco() {
        boolean installed = Files.exists(Path.of("/usr/include/mujoco/mujoco.h"))
                || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libmujoco.so.2.2.2"));
        if (!installed) {
            System.err.println("SKIPPED EpisodeVideoTest MuJoCo video test: MuJoCo 2.2.2 is not installed"
                    + " (scripts/install-mujoco.sh)");
        }
        assumeTrue(installed, "MuJoCo 2.2.2 is not installed here (scripts/install-mujoco.sh)");
    }

    /** The frames MuJoCo renders of {@code episode} replayed on a fresh {@code env}. */
    private static List<byte[]> replayedFrames(Env env, RecordedEpisode episode, int size) {
        FrameSource source = PixelEnvs.source(env).orElseThrow();
        List<byte[]> frames = new ArrayList<>();
        env.reset(42);
        frames.add(source.frame(size));
        for (float[] a : episode.actions()) {
            env.step(a);
            frames.add(source.frame(size));
        }
        return frames;
    }

    @Test
    void evalVideoWritesTheGifOfEveryEvaluation() throws Exception {
        TrainResult r = TrainerFixture.train(TrainerFixture.config(work, "steps=1", "mpc=false", "eval_video=true"))
                .result();
        assertEquals(2, r.evals().size(), "at step 0 and the final one at step 1");
        for (long envStep : new long[] {0, 1}) {
            Path gif = r.dir().evalVideo(envStep);
            assertEquals(work.resolve("pendulum/default/seed1/videos/eval_" + envStep + ".gif"), gif);
            try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
                ImageReader reader = ImageIO.getImageReaders(in).next();
                reader.setInput(in);
                assertEquals(TrainerFixture.EPISODE + 1, reader.getNumImages(true), gif.toString());
            }
        }
        assertTrue(Files.notExists(r.dir().figures()), "a TD-MPC2 run draws no figure");
        var off = TrainerFixture.train(TrainerFixture.config(work, "steps=1", "mpc=false", "exp_name=off")).result();
        assertTrue(Files.notExists(off.dir().videos()), "eval_video is off by default");
    }

    private Path write(EpisodeVideo video, RecordedEpisode episode) throws Exception {
        Path gif = work.resolve("videos/episode.gif");
        video.write(gif, episode);
        return gif;
    }

    /** {@code steps} agent steps of {@code env} with a fixed swing of actions. */
    private static RecordedEpisode play(Env env, int steps) {
        List<Observation> obs = new ArrayList<>(List.of(env.reset(42)));
        List<float[]> actions = new ArrayList<>();
        float[] rewards = new float[steps];
        for (int t = 0; t < steps; t++) {
            float[] a = {t % 4 < 2 ? 1f : -1f};
            Step s = env.step(a);
            actions.add(a);
            rewards[t] = (float) s.reward();
            obs.add(s.observation());
        }
        return new RecordedEpisode(obs, actions, rewards);
    }

    private static void assertGifShows(Path gif, List<byte[]> frames, int size, int zoom, int delayCs)
            throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(frames.size(), reader.getNumImages(true));
            int plane = size * size;
            int side = size * zoom;
            int[] canvas = new int[side * side];
            for (int k = 0; k < frames.size(); k++) {
                // a frame after the first stores only its changed rectangle, drawn over the previous frame
                BufferedImage part = reader.read(k);
                var descriptor = (IIOMetadataNode) ((IIOMetadataNode) reader.getImageMetadata(k)
                        .getAsTree("javax_imageio_gif_image_1.0")).getElementsByTagName("ImageDescriptor").item(0);
                int left = Integer.parseInt(descriptor.getAttribute("imageLeftPosition"));
                int top = Integer.parseInt(descriptor.getAttribute("imageTopPosition"));
                if (k == 0) {
                    assertEquals(side, part.getWidth());
                    assertEquals(side, part.getHeight());
                }
                for (int y = 0; y < part.getHeight(); y++) {
                    for (int x = 0; x < part.getWidth(); x++) {
                        canvas[(top + y) * side + left + x] = part.getRGB(x, y) & 0xFFFFFF;
                    }
                }
                byte[] f = frames.get(k);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int p = (y / zoom) * size + x / zoom;
                        int expected = Byte.toUnsignedInt(f[p]) << 16 | Byte.toUnsignedInt(f[plane + p]) << 8
                                | Byte.toUnsignedInt(f[2 * plane + p]);
                        assertEquals(expected, canvas[y * side + x], "frame " + k + " (" + x + ", " + y + ")");
                    }
                }
                var tree = (IIOMetadataNode) reader.getImageMetadata(k).getAsTree("javax_imageio_gif_image_1.0");
                var control = (IIOMetadataNode) tree.getElementsByTagName("GraphicControlExtension").item(0);
                assertEquals(Integer.toString(delayCs), control.getAttribute("delayTime"), "frame " + k);
            }
            var first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            var app = (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", app.getAttribute("applicationID"));
            byte[] loop = (byte[]) app.getUserObject();
            assertEquals(0, loop[1] | loop[2], "loop count 0: forever");
        }
    }
}
