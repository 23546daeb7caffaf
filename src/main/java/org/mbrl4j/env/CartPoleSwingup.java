package org.mbrl4j.env;

import static org.mbrl4j.env.CartPolePhysics.THETA;
import static org.mbrl4j.env.CartPolePhysics.THETA_DOT;
import static org.mbrl4j.env.CartPolePhysics.X;
import static org.mbrl4j.env.CartPolePhysics.X_DOT;

import org.mbrl4j.rng.Rng;

/**
 * Cart-pole swing-up modelled on the DeepMind Control Suite's {@code cartpole-swingup}
 * ({@code dm_control/suite/cartpole.py}, {@code cartpole.xml}); the physics is
 * {@link CartPolePhysics} (constants, equations and RK4 integrator documented there). It follows the
 * task's definitions but is not bit-identical to MuJoCo's simulation.
 *
 * <ul>
 *   <li>Action a in [-1, 1] (clipped) is the motor control: force GEAR·a = 10·a N on the cart.</li>
 *   <li>One control step = one physics step of 0.01 s; time limit 10 s = 1000 steps, reported as
 *       truncated (the task never terminates).</li>
 *   <li>Reset (swing-up): x = 0.01·N(0,1), θ = π + 0.01·N(0,1) (pole hanging down),
 *       (ẋ, θ̇) = 0.01·N(0,1) each.</li>
 *   <li>Observation (5, float32): [x, cos θ, sin θ, ẋ, θ̇], i.e. dm_control's position
 *       (cart x, pole xmat zz, pole xmat xz) then velocity (qvel).</li>
 *   <li>Reward (cartpole.py: _get_reward, smooth), on the post-step state:
 *       upright · centered · small_control · small_velocity, with upright = (cos θ + 1)/2,
 *       centered = (1 + tol(x, margin 2))/2, small_control = (4 + tol(a, margin 1, quadratic,
 *       value_at_margin 0))/5, small_velocity = (1 + tol(θ̇, margin 5))/2, where tol is
 *       {@link Tolerance#tolerance} with bounds (0, 0) and the gaussian sigmoid unless stated.
 *       It lies in [0, 1] and is 1 only when upright, centred, still and unforced.</li>
 * </ul>
 */
public final class CartPoleSwingup implements Env {
    /** Registry name. */
    public static final String NAME = "cartpole-swingup";
    /** 10 s time limit (cartpole.py: _DEFAULT_TIME_LIMIT = 10) at 0.01 s per control step. */
    public static final int MAX_EPISODE_STEPS = 1000;
    /** Std of the initial-state noise (cartpole.py: Balance.initialize_episode, swing_up branch). */
    public static final double RESET_NOISE = 0.01;
    /** Reward margins (cartpole.py: _get_reward). */
    public static final double CENTER_MARGIN = 2.0;
    public static final double CONTROL_MARGIN = 1.0;
    public static final double ANGULAR_VELOCITY_MARGIN = 5.0;

    private static final EnvSpec SPEC = new EnvSpec(NAME, ObsSpec.vector(5), 1, MAX_EPISODE_STEPS);

    private final CartPolePhysics physics = new CartPolePhysics();
    private final EpisodeClock clock = new EpisodeClock(NAME, MAX_EPISODE_STEPS);
    /** (x, θ, ẋ, θ̇), see {@link CartPolePhysics}. */
    private final double[] state = new double[CartPolePhysics.STATE_DIM];

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public Observation reset(long seed) {
        Rng rng = new Rng(seed, RESET_STREAM);
        state[X] = RESET_NOISE * rng.normal();
        state[THETA] = Math.PI + RESET_NOISE * rng.normal();
        state[X_DOT] = RESET_NOISE * rng.normal();
        state[THETA_DOT] = RESET_NOISE * rng.normal();
        clock.reset();
        return observation();
    }

    @Override
    public Step step(float[] action) {
        clock.requireRunning();
        double a = Actions.validateAndClip(SPEC, action)[0];
        physics.step(state, a);
        boolean truncated = clock.tick();
        if (truncated) {
            clock.end();
        }
        return new Step(observation(), reward(state, a), false, truncated);
    }

    /** cartpole.py: _get_reward(physics, sparse=False), written out for state s and control a. */
    static double reward(double[] s, double a) {
        double upright = (Math.cos(s[THETA]) + 1) / 2;
        double centered = (1 + Tolerance.gaussianAroundZero(s[X], CENTER_MARGIN)) / 2;
        double smallControl = (4 + Tolerance.tolerance(a, 0, 0, CONTROL_MARGIN, Tolerance.Sigmoid.QUADRATIC, 0))
                / 5;
        double smallVelocity = (1 + Tolerance.gaussianAroundZero(s[THETA_DOT], ANGULAR_VELOCITY_MARGIN)) / 2;
        return upright * centered * smallControl * smallVelocity;
    }

    /** A copy of the double-precision state (x, θ, ẋ, θ̇), for tests. */
    double[] state() {
        return state.clone();
    }

    /** Sets the state inside a running episode (like writing qpos/qvel), for tests. */
    void setState(double x, double theta, double xDot, double thetaDot) {
        state[X] = x;
        state[THETA] = theta;
        state[X_DOT] = xDot;
        state[THETA_DOT] = thetaDot;
    }

    private Observation observation() {
        return new Observation.F32(new float[] {(float) state[X], (float) Math.cos(state[THETA]),
            (float) Math.sin(state[THETA]), (float) state[X_DOT], (float) state[THETA_DOT]});
    }
}
