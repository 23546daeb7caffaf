package org.mbrl4j.env;

/**
 * An episodic environment with a continuous action box [-1, 1]^A.
 *
 * <p>Lifecycle: {@link #reset(long)} starts an episode and returns the first observation; then
 * {@link #step(float[])} until a step reports {@link Step#done()}; then reset again. Stepping before
 * the first reset or after the end of an episode throws {@link IllegalStateException}.
 */
public interface Env {

    /**
     * The Philox stream that resets draw from: the initial state of an episode is a function of
     * {@code new Rng(seed, RESET_STREAM)} only. The value spells "envreset" in ASCII, so it cannot
     * collide by accident with small stream numbers used elsewhere.
     */
    long RESET_STREAM = 0x656E767265736574L;

    EnvSpec spec();

    /**
     * Starts an episode whose initial state depends only on {@code seed}; returns the first
     * observation, of the {@link EnvSpec#observation()} spec.
     */
    Observation reset(long seed);

    /**
     * Advances one agent step with {@code action} (actionDim values; clipped to [-1, 1]).
     *
     * @throws IllegalArgumentException when the action has the wrong length or contains NaN
     * @throws IllegalStateException when no episode is running
     */
    Step step(float[] action);
}
