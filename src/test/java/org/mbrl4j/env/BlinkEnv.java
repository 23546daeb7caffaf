package org.mbrl4j.env;

import org.mbrl4j.rng.Rng;

/**
 * A test env with u8 frame observations: a 1×2×2 frame, every pixel at one brightness level that the
 * action moves by up to {@link #STEP} per step; reward = level / 255; 10 steps, then truncated.
 */
final class BlinkEnv implements Env {
    static final int LEVELS = 256;
    static final int STEP = 50;
    static final EnvSpec SPEC = new EnvSpec(FramesTestEnvProvider.TASK, ObsSpec.frame(1, 2, 2), 1, 10);

    private final EpisodeClock clock = new EpisodeClock(SPEC.name(), SPEC.maxEpisodeSteps());
    private int level;

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public Observation reset(long seed) {
        level = new Rng(seed, RESET_STREAM).randint(0, LEVELS);
        clock.reset();
        return frame();
    }

    @Override
    public Step step(float[] action) {
        clock.requireRunning();
        float a = Actions.validateAndClip(SPEC, action)[0];
        level = Math.clamp(level + Math.round(STEP * a), 0, LEVELS - 1);
        boolean truncated = clock.tick();
        if (truncated) {
            clock.end();
        }
        return new Step(frame(), level / (double) (LEVELS - 1), false, truncated);
    }

    private Observation frame() {
        byte[] pixels = new byte[SPEC.observation().size()];
        java.util.Arrays.fill(pixels, (byte) level);
        return new Observation.U8(pixels);
    }
}
