package org.mbrl4j.train;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.FrameSource;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Passes an env through unchanged and keeps the frames its {@link FrameSource} draws of the first
 * episode played after it was armed (at construction and by {@link #takeEpisode}): one frame after the
 * reset and one after each step, so frame t shows the state of observation o_t. The evaluator plays
 * episode 0 first on the first env it makes, so a tap on that env holds episode 0 of each evaluation;
 * drawing a frame reads the state without changing it, so returns are the same with and without.
 */
final class EpisodeFrameTap implements Env {
    private final Env env;
    private final FrameSource source;
    private final int size;
    private List<byte[]> frames;
    private boolean armed = true;
    private boolean recording;

    EpisodeFrameTap(Env env, FrameSource source, int size) {
        this.env = env;
        this.source = source;
        this.size = size;
    }

    @Override
    public EnvSpec spec() {
        return env.spec();
    }

    @Override
    public Observation reset(long seed) {
        Observation o = env.reset(seed);
        recording = armed;
        if (armed) {
            frames = new ArrayList<>();
            armed = false;
        }
        if (recording) {
            frames.add(source.frame(size));
        }
        return o;
    }

    @Override
    public Step step(float[] action) {
        Step s = env.step(action);
        if (recording) {
            frames.add(source.frame(size));
        }
        return s;
    }

    /**
     * The frames of the episode recorded since the last call, and arms the tap for the next one.
     *
     * @throws IllegalStateException when no episode was played since
     */
    List<byte[]> takeEpisode() {
        if (frames == null) {
            throw new IllegalStateException("EpisodeFrameTap(" + env.spec().name() + "): no episode was played since"
                    + " the last video");
        }
        List<byte[]> episode = frames;
        frames = null;
        armed = true;
        recording = false;
        return episode;
    }
}
