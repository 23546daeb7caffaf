/**
 * Environments with continuous actions in [-1, 1]: the {@link org.mbrl4j.env.Env} contract, typed
 * observations ({@link org.mbrl4j.env.ObsSpec}, {@link org.mbrl4j.env.Observation}: f32 state
 * vectors, u8 frames), pure-Java tasks ({@link org.mbrl4j.env.Pendulum} = Gymnasium Pendulum-v1,
 * {@link org.mbrl4j.env.CartPoleSwingup} modelled on the Control Suite task), the wrappers
 * {@link org.mbrl4j.env.ActionRepeat}, {@link org.mbrl4j.env.TimeLimit} and {@link org.mbrl4j.env.FrameStack}
 * (frames are drawn by {@code env.render}), and the tasks of this
 * installation ({@link org.mbrl4j.env.Envs}): an {@link org.mbrl4j.env.EnvRegistry} of the
 * {@link org.mbrl4j.env.EnvProvider}s found through {@link java.util.ServiceLoader}
 * ({@link org.mbrl4j.env.ClassicEnvProvider} for the pure-Java tasks). A provider reports its tasks and
 * its {@link org.mbrl4j.env.Availability}, so an optional one (a native simulator) can be present but
 * unusable with a message saying what it looked for; the registry refuses a task listed twice and
 * answers an unknown name with the known ones.
 *
 * <p>Shapes (docs/dims.md#legend): an f32 observation is (O), a u8 frame (Ch, Hp, Wp), an action (A).
 *
 * <p>Conventions shared by every env:
 * <ul>
 *   <li>{@code reset(seed)} is a pure function of the seed: it draws from
 *       {@code new Rng(seed, Env.RESET_STREAM)} and nothing else.</li>
 *   <li>{@code step} validates the action (length, NaN) and clips it to [-1, 1] before use.</li>
 *   <li>Each base env enforces its registered time limit itself and reports it as
 *       {@code truncated} (never {@code terminated}); stepping after the end, or before the first
 *       reset, throws {@link java.lang.IllegalStateException}.</li>
 *   <li>Every observation fits the env's {@link org.mbrl4j.env.EnvSpec#observation()} spec. Physics
 *       runs in double precision; state observations are emitted as float32.</li>
 * </ul>
 */
package org.mbrl4j.env;
