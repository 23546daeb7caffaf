package org.mbrl4j.env;

/**
 * Repeats every action {@code k} times on the wrapped env and sums the rewards, stopping early when
 * the wrapped env ends the episode (tdmpc2/envs/dmcontrol.py: DMControlWrapper.step, k = 2). The
 * time limit in agent steps becomes ceil(inner limit / k).
 */
public final class ActionRepeat implements Env {
    private final Env inner;
    private final int k;
    private final EnvSpec spec;

    public ActionRepeat(Env inner, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("ActionRepeat(" + inner.spec().name() + "): k must be >= 1, got " + k);
        }
        this.inner = inner;
        this.k = k;
        int innerLimit = inner.spec().maxEpisodeSteps();
        this.spec = inner.spec().withMaxEpisodeSteps((innerLimit + k - 1) / k);
    }

    /** The env whose actions are repeated. */
    public Env inner() {
        return inner;
    }

    public int repeats() {
        return k;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public Observation reset(long seed) {
        return inner.reset(seed);
    }

    @Override
    public Step step(float[] action) {
        Step s = inner.step(action);
        double total = s.reward();
        for (int i = 1; i < k && !s.done(); i++) {
            s = inner.step(action);
            total += s.reward();
        }
        return new Step(s.observation(), total, s.terminated(), s.truncated());
    }
}
