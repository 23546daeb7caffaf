package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.env.render.PendulumRenderer;

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
        EpisodeVideo video = EpisodeVideo.of(env.spec(), 2);
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
        EpisodeVideo video = EpisodeVideo.of(env.spec(), 1);
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
        var e = assertThrows(IllegalArgumentException.class,
                () -> EpisodeVideo.of(new EnvSpec("no-such-task", ObsSpec.vector(3), 1, 10), 1));
        assertTrue(e.getMessage().contains("task no-such-task has no frame renderer, so its episodes have no video;"
                + " videos work for pendulum, cartpole-swingup"), e.getMessage());
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
            for (int k = 0; k < frames.size(); k++) {
                BufferedImage image = reader.read(k);
                assertEquals(size * zoom, image.getWidth());
                assertEquals(size * zoom, image.getHeight());
                byte[] f = frames.get(k);
                for (int y = 0; y < size * zoom; y++) {
                    for (int x = 0; x < size * zoom; x++) {
                        int p = (y / zoom) * size + x / zoom;
                        int expected = Byte.toUnsignedInt(f[p]) << 16 | Byte.toUnsignedInt(f[plane + p]) << 8
                                | Byte.toUnsignedInt(f[2 * plane + p]);
                        assertEquals(expected, image.getRGB(x, y) & 0xFFFFFF, "frame " + k + " (" + x + ", " + y + ")");
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
