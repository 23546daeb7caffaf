package org.mbrl4j.agent;

import java.util.Objects;

/**
 * Thrown by an {@link Agent} whose training diverged ({@link Agent#divergence()}): by the update that
 * found a non-finite value, and by every later {@code update} and {@code act}, so the agent neither
 * learns nor acts on what the bad update would have produced.
 */
public final class DivergedException extends RuntimeException {
    private final transient Divergence divergence;

    public DivergedException(Divergence divergence) {
        this(divergence, "training diverged: " + divergence.describe());
    }

    /** With a message of the caller's (the trainer adds the step, the checkpoint and the keys). */
    public DivergedException(Divergence divergence, String message) {
        super(message);
        this.divergence = Objects.requireNonNull(divergence, "divergence");
    }

    public Divergence divergence() {
        return divergence;
    }
}
