package org.mbrl4j.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.FrameSource;
import org.mbrl4j.env.ObsDType;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.render.FramePng;
import org.mbrl4j.env.render.FrameRenderer;
import org.mbrl4j.env.render.PixelEnvs;
import org.mbrl4j.io.AnimatedGif;

/**
 * The animated GIF of a {@link RecordedEpisode} of a run's env: one frame per observation o_0 .. o_T.
 * Where the frames come from:
 * <ul>
 *   <li>obs=rgb: the RGB frame the agent saw (the last of a frame stack), at the observation's size;
 *   <li>a MuJoCo task ({@link FrameSource}) with state observations: the frame MuJoCo renders of the
 *       state after the reset and after each step, drawn while the episode plays by a tap on the
 *       evaluator's first env ({@link #recording}), at any size in [{@value #MIN_SOURCE_SIZE},
 *       {@value #MAX_SOURCE_SIZE}];
 *   <li>pendulum and cartpole-swingup with state observations: the frame their software
 *       {@link FrameRenderer} draws of the state observation, which is {@value FrameRenderer#DEFAULT_SIZE}
 *       pixels a side only.
 * </ul>
 * Frames are enlarged by pixel repetition ({@link FramePng#zoomFor}) and each shows for the task's control
 * period × action_repeat, in whole centiseconds (GIF's unit), at least {@value #MIN_DELAY_CS}: players show
 * shorter delays as 1/10 s, so an episode faster than 50 frames a second plays slower than real time.
 */
public final class EpisodeVideo {
    /** The shortest frame delay players honour, in centiseconds. */
    static final int MIN_DELAY_CS = 2;
    /** The frame sides a MuJoCo task's video may have. */
    static final int MIN_SOURCE_SIZE = 16;
    static final int MAX_SOURCE_SIZE = 1024;

    private final String task;
    private final Optional<FrameRenderer> renderer;
    private final Optional<FrameSource> source;
    private final boolean pixels;
    private final int size;
    private final int delayCentiseconds;
    private EpisodeFrameTap tap;

    private EpisodeVideo(String task, Optional<FrameRenderer> renderer, Optional<FrameSource> source, boolean pixels,
            int size, int delayCentiseconds) {
        this.task = task;
        this.renderer = renderer;
        this.source = source;
        this.pixels = pixels;
        this.size = size;
        this.delayCentiseconds = delayCentiseconds;
    }

    /**
     * The video, {@code size} pixels a side, of episodes of {@code env} (an env of the run, wrappers
     * included) at {@code actionRepeat}.
     *
     * @throws IllegalArgumentException when the task has no frames (the message names those that have),
     *     or {@code size} is not one its frames can have (the message says which)
     */
    public static EpisodeVideo of(Env env, int actionRepeat, int size) {
        String task = env.spec().name();
        Optional<FrameRenderer> renderer = PixelEnvs.renderer(task);
        Optional<FrameSource> source = PixelEnvs.source(env);
        if (renderer.isEmpty() && source.isEmpty()) {
            throw new IllegalArgumentException("task " + task + " has no frame renderer, so its episodes have no video;"
                    + " videos work for " + String.join(", ", PixelEnvs.tasks()) + " and the MuJoCo tasks (dmc-*)");
        }
        if (actionRepeat < 1) {
            throw new IllegalArgumentException("EpisodeVideo: action_repeat must be >= 1, got " + actionRepeat);
        }
        ObsSpec obs = env.spec().observation();
        boolean pixels = obs.dtype() == ObsDType.U8;
        if (pixels && size != obs.shape()[1]) {
            throw new IllegalArgumentException("video_size=" + size + ": with obs=rgb the video shows the agent's own "
                    + "frames, which are " + obs.shape()[1] + "x" + obs.shape()[2] + "; set video_size="
                    + obs.shape()[1]);
        }
        if (!pixels && renderer.isPresent() && size != renderer.get().frameSpec().shape()[1]) {
            int only = renderer.get().frameSpec().shape()[1];
            throw new IllegalArgumentException("video_size=" + size + ": the software renderer of " + task
                    + " draws only " + only + "x" + only + " frames; set video_size=" + only
                    + " (the MuJoCo tasks, dmc-*, render any size)");
        }
        if (!pixels && renderer.isEmpty() && (size < MIN_SOURCE_SIZE || size > MAX_SOURCE_SIZE)) {
            throw new IllegalArgumentException("video_size=" + size + ": must be in [" + MIN_SOURCE_SIZE + ", "
                    + MAX_SOURCE_SIZE + "] for " + task);
        }
        double period = renderer.isPresent() ? renderer.get().controlPeriodSeconds()
                : source.get().controlPeriodSeconds();
        long delay = Math.round(period * actionRepeat * 100);
        return new EpisodeVideo(task, pixels ? Optional.empty() : renderer, pixels || renderer.isPresent()
                ? Optional.empty() : source, pixels, size, (int) Math.clamp(delay, MIN_DELAY_CS, 0xFFFF));
    }

    /**
     * The envs for the evaluator that plays the episodes of this video: {@code envs} itself, or, when the
     * frames are drawn while the episode plays (a MuJoCo task with state observations), {@code envs} with
     * its first env wrapped in a tap that keeps the frames of the episode it plays first after each
     * {@link #write} (episode 0). Call it once, for one evaluator.
     */
    public Supplier<Env> recording(Supplier<Env> envs) {
        if (source.isEmpty()) {
            return envs;
        }
        if (tap != null) {
            throw new IllegalStateException("EpisodeVideo(" + task + "): recording(...) was already called");
        }
        return () -> {
            Env env = envs.get();
            if (tap != null) {
                return env;
            }
            tap = new EpisodeFrameTap(env, PixelEnvs.source(env).orElseThrow(() -> new IllegalArgumentException(
                    "EpisodeVideo(" + task + "): the evaluator's env " + env + " draws no frames")), size);
            return tap;
        };
    }

    /** Frame side in pixels, before enlarging. */
    public int size() {
        return size;
    }

    /** How long each frame shows, in centiseconds. */
    public int delayCentiseconds() {
        return delayCentiseconds;
    }

    /** The enlargement of the frames in the GIF. */
    public int zoom() {
        return FramePng.zoomFor(size);
    }

    /**
     * The frames of {@code episode}, (3, S, S) each, one per observation; for a MuJoCo task with state
     * observations those the tap drew while it played, and the tap is armed for the next episode.
     *
     * @throws IllegalStateException when the frames are drawn while the episode plays and the evaluator's
     *     envs did not come from {@link #recording}
     */
    public List<byte[]> frames(RecordedEpisode episode) {
        if (source.isPresent()) {
            if (tap == null) {
                throw new IllegalStateException("EpisodeVideo(" + task + "): MuJoCo frames are drawn while the episode"
                        + " plays; make the evaluator's envs with recording(envs)");
            }
            List<byte[]> frames = tap.takeEpisode();
            if (frames.size() != episode.observations().size()) {
                throw new IllegalStateException("EpisodeVideo(" + task + "): the tap drew " + frames.size()
                        + " frames of an episode of " + episode.observations().size() + " observations");
            }
            return frames;
        }
        List<byte[]> frames = new ArrayList<>(episode.observations().size());
        for (Observation o : episode.observations()) {
            frames.add(frame(o));
        }
        return frames;
    }

    /** Writes the GIF of {@code episode} to {@code file} atomically, creating its folder. */
    public void write(Path file, RecordedEpisode episode) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (byte[] f : frames(episode)) {
            images.add(FramePng.image(size, zoom(), f));
        }
        AnimatedGif.write(file, images, delayCentiseconds);
    }

    private byte[] frame(Observation o) {
        int bytes = 3 * size * size;
        return switch (o) {
            case Observation.U8 u when pixels && u.size() >= bytes && u.size() % bytes == 0 ->
                    Arrays.copyOfRange(u.values(), u.size() - bytes, u.size());
            case Observation.F32 f when !pixels -> renderer.orElseThrow().render(f.values());
            default -> throw new IllegalArgumentException("EpisodeVideo: observation " + o + " is not a"
                    + (pixels ? " stack of (3, " + size + ", " + size + ") frames" : "n f32 state of " + task));
        };
    }
}
