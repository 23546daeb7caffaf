package org.mbrl4j.env;

/**
 * Ends episodes after {@code n} agent steps by truncation, like Gymnasium's {@code TimeLimit}: the
 * step that reaches the limit reports {@code truncated = true} (also when it terminates). The wrapped
 * env's own limit still applies, so the effective limit is min(n, inner limit).
 */
public final class TimeLimit implements Env {
    private final Env inner;
    private final EnvSpec spec;
    private final EpisodeClock clock;

    public TimeLimit(Env inner, int n) {
        this.clock = new EpisodeClock("TimeLimit(" + inner.spec().name() + ")", n);
        this.inner = inner;
        this.spec = inner.spec().withMaxEpisodeSteps(Math.min(n, inner.spec().maxEpisodeSteps()));
    }

    /** The env it ends episodes of. */
    public Env inner() {
        return inner;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public Observation reset(long seed) {
        Observation obs = inner.reset(seed);
        clock.reset();
        return obs;
    }

    @Override
    public Step step(float[] action) {
        clock.requireRunning();
        Step s = inner.step(action);
        boolean truncated = clock.tick() || s.truncated();
        if (truncated || s.terminated()) {
            clock.end();
        }
        return truncated == s.truncated() ? s : new Step(s.observation(), s.reward(), s.terminated(), true);
    }
}
