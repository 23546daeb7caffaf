package org.mbrl4j.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.ObsDType;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.render.FramePng;
import org.mbrl4j.env.render.FrameRenderer;
import org.mbrl4j.env.render.PixelEnvs;
import org.mbrl4j.io.AnimatedGif;

/**
 * The animated GIF of a {@link RecordedEpisode} of a run's env: one frame per observation o_0 .. o_T,
 * the RGB frame the agent saw with obs=rgb (the last of a frame stack), else the frame the task's
 * {@link FrameRenderer} draws of the state observation. Frames are enlarged by pixel repetition
 * ({@link FramePng#zoomFor}) and each shows for the task's control period × action_repeat, in whole
 * centiseconds (GIF's unit), at least {@value #MIN_DELAY_CS}: players show shorter delays as 1/10 s, so
 * an episode faster than 50 frames a second plays slower than real time.
 */
public final class EpisodeVideo {
    /** The shortest frame delay players honour, in centiseconds. */
    static final int MIN_DELAY_CS = 2;

    private final FrameRenderer renderer;
    private final boolean pixels;
    private final int size;
    private final int delayCentiseconds;

    private EpisodeVideo(FrameRenderer renderer, boolean pixels, int size, int delayCentiseconds) {
        this.renderer = renderer;
        this.pixels = pixels;
        this.size = size;
        this.delayCentiseconds = delayCentiseconds;
    }

    /**
     * The video of episodes of {@code env} (the run's env, wrappers included) at {@code actionRepeat}.
     *
     * @throws IllegalArgumentException when the task has no frame renderer (the message names those that have)
     */
    public static EpisodeVideo of(EnvSpec env, int actionRepeat) {
        FrameRenderer renderer = PixelEnvs.renderer(env.name()).orElseThrow(() -> new IllegalArgumentException(
                "task " + env.name() + " has no frame renderer, so its episodes have no video; videos work for "
                + String.join(", ", PixelEnvs.tasks())));
        if (actionRepeat < 1) {
            throw new IllegalArgumentException("EpisodeVideo: action_repeat must be >= 1, got " + actionRepeat);
        }
        boolean pixels = env.observation().dtype() == ObsDType.U8;
        int size = pixels ? env.observation().shape()[1] : renderer.frameSpec().shape()[1];
        long delay = Math.round(renderer.controlPeriodSeconds() * actionRepeat * 100);
        return new EpisodeVideo(renderer, pixels, size, (int) Math.clamp(delay, MIN_DELAY_CS, 0xFFFF));
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

    /** The frames of {@code episode}, (3, S, S) each, one per observation. */
    public List<byte[]> frames(RecordedEpisode episode) {
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
            case Observation.F32 f when !pixels -> renderer.render(f.values());
            default -> throw new IllegalArgumentException("EpisodeVideo: observation " + o + " is not a"
                    + (pixels ? " stack of (3, " + size + ", " + size + ") frames" : "n f32 state of " + renderer.task()));
        };
    }
}
