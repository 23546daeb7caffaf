package org.mbrl4j.agent;

import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * An agent's {@link Divergence} once it happened (PlaNet, PlaNet-lite): the first non-finite action or
 * diverged update is kept, and every later act, update and evaluation refuses with it.
 */
public final class DivergenceLatch {
    private Divergence divergence;

    /** @throws DivergedException when a divergence has been kept */
    public void requireNone() {
        if (divergence != null) {
            throw new DivergedException(divergence);
        }
    }

    /**
     * Keeps {@code d} and throws it, when it is not null (an update that diverged); returns otherwise.
     *
     * @throws DivergedException with {@code d}
     */
    public void keepIfPresent(Divergence d) {
        if (d != null) {
            divergence = d;
            throw new DivergedException(d);
        }
    }

    /**
     * {@code action}, when every value is finite; else keeps and throws the divergence {@code ofValue}
     * makes of its first non-finite value.
     */
    public float[] requireFinite(float[] action, DoubleFunction<Divergence> ofValue) {
        for (float a : action) {
            if (!Float.isFinite(a)) {
                divergence = ofValue.apply(a);
                throw new DivergedException(divergence);
            }
        }
        return action;
    }

    /** The divergence kept, if any. */
    public Optional<Divergence> divergence() {
        return Optional.ofNullable(divergence);
    }
}
