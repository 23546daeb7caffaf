/**
 * Environments with continuous actions in [-1, 1]: the {@link org.mbrl4j.env.Env} contract,
 * pure-Java tasks ({@link org.mbrl4j.env.Pendulum} = Gymnasium Pendulum-v1,
 * {@link org.mbrl4j.env.CartPoleSwingup} modelled on the Control Suite task), the wrappers
 * {@link org.mbrl4j.env.ActionRepeat} and {@link org.mbrl4j.env.TimeLimit}, and the name registry
 * {@link org.mbrl4j.env.Envs}.
 *
 * <p>Conventions shared by every env:
 * <ul>
 *   <li>{@code reset(seed)} is a pure function of the seed: it draws from
 *       {@code new Rng(seed, Env.RESET_STREAM)} and nothing else.</li>
 *   <li>{@code step} validates the action (length, NaN) and clips it to [-1, 1] before use.</li>
 *   <li>Each base env enforces its registered time limit itself and reports it as
 *       {@code truncated} (never {@code terminated}); stepping after the end, or before the first
 *       reset, throws {@link java.lang.IllegalStateException}.</li>
 *   <li>Physics runs in double precision; observations are emitted as float32.</li>
 * </ul>
 */
package org.mbrl4j.env;
