package org.mbrl4j.env.render;

import org.mbrl4j.env.Env;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Replaces the wrapped env's f32 state observations by the RGB u8 frames (3, S, S) a
 * {@link FrameRenderer} draws of them; rewards, termination and truncation pass through. Wrap it
 * around the action repeat, so that a frame is drawn once per agent step.
 */
public final class PixelObservations implements Env {
    private final Env inner;
    private final FrameRenderer renderer;
    private final EnvSpec spec;

    public PixelObservations(Env inner, FrameRenderer renderer) {
        if (!inner.spec().name().equals(renderer.task())) {
            throw new IllegalArgumentException("PixelObservations: renderer for task " + renderer.task()
                    + " cannot draw env " + inner.spec().name());
        }
        this.inner = inner;
        this.renderer = renderer;
        EnvSpec is = inner.spec();
        this.spec = new EnvSpec(is.name(), renderer.frameSpec(), is.actionDim(), is.maxEpisodeSteps());
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public Observation reset(long seed) {
        return frame(inner.reset(seed));
    }

    @Override
    public Step step(float[] action) {
        Step s = inner.step(action);
        return new Step(frame(s.observation()), s.reward(), s.terminated(), s.truncated());
    }

    private Observation frame(Observation state) {
        return switch (state) {
            case Observation.F32 f -> new Observation.U8(renderer.render(f.values()));
            case Observation.U8 u -> throw new IllegalStateException("PixelObservations(" + spec.name()
                    + "): the wrapped env already returns frames (" + u + ")");
        };
    }
}
