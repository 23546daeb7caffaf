package org.mbrl4j.env.render;

import org.mbrl4j.env.Env;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.FrameSource;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Replaces the observations of {@code outer} by RGB u8 frames (3, S, S) that {@code source}, the env
 * at its bottom, draws of its current state after each reset and step; rewards, termination and
 * truncation pass through. Wrap it around the action repeat, so that a frame is drawn once per agent
 * step, of the state after the last repeat.
 */
final class SourceFrames implements Env {
    private final Env outer;
    private final FrameSource source;
    private final int size;
    private final EnvSpec spec;

    SourceFrames(Env outer, FrameSource source, int size) {
        this.outer = outer;
        this.source = source;
        this.size = size;
        EnvSpec os = outer.spec();
        this.spec = new EnvSpec(os.name(), ObsSpec.frame(3, size, size), os.actionDim(), os.maxEpisodeSteps());
    }

    /** The env at the bottom that draws the frames. */
    FrameSource source() {
        return source;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public Observation reset(long seed) {
        outer.reset(seed);
        return new Observation.U8(source.frame(size));
    }

    @Override
    public Step step(float[] action) {
        Step s = outer.step(action);
        return new Step(new Observation.U8(source.frame(size)), s.reward(), s.terminated(), s.truncated());
    }
}
