package org.mbrl4j.env;

import org.mbrl4j.rng.Rng;

/**
 * Gymnasium Pendulum-v1 with its exact constants and semantics
 * ({@code gymnasium/envs/classic_control/pendulum.py}, Farama-Foundation/Gymnasium 3f0476a8cc22).
 * θ = 0 is upright.
 *
 * <ul>
 *   <li>Action a in [-1, 1] (clipped) maps to torque u = clip(MAX_TORQUE·a, ±MAX_TORQUE); Gymnasium's
 *       own action box is [-2, 2], so a = u / 2.</li>
 *   <li>Reward on the pre-step state and the clipped torque:
 *       r = −(angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²), in [−16.2736…, 0].</li>
 *   <li>Semi-implicit Euler: θ̇' = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, ±MAX_SPEED),
 *       θ' = θ + θ̇'·dt.</li>
 *   <li>Observation [cos θ, sin θ, θ̇] as float32; the state (θ, θ̇) stays in double, like the
 *       float64 NumPy state of the reference.</li>
 *   <li>Reset θ ~ U[−π, π], θ̇ ~ U[−1, 1]; time limit 200 steps, reported as truncated; the task never
 *       terminates.</li>
 * </ul>
 * Uniform draws come from {@link Rng} (24-bit floats widened to double), so reset states are not the
 * ones NumPy would draw for the same seed.
 */
public final class Pendulum implements Env {
    /** Registry name. */
    public static final String NAME = "pendulum";
    /** Gravity, m/s² (Pendulum-v1 constructor default g=10.0). */
    public static final double G = 10.0;
    /** Pole mass, kg (pendulum.py: self.m = 1.0). */
    public static final double M = 1.0;
    /** Pole length, m (pendulum.py: self.l = 1.0). */
    public static final double L = 1.0;
    /** Integration step, s (pendulum.py: self.dt = 0.05). */
    public static final double DT = 0.05;
    /** Angular speed bound, rad/s (pendulum.py: self.max_speed = 8). */
    public static final double MAX_SPEED = 8.0;
    /** Torque bound, N·m (pendulum.py: self.max_torque = 2.0). */
    public static final double MAX_TORQUE = 2.0;
    /** Registered TimeLimit (gymnasium/envs/__init__.py: max_episode_steps=200). */
    public static final int MAX_EPISODE_STEPS = 200;
    /** Reset bounds (pendulum.py: high = [DEFAULT_X = π, DEFAULT_Y = 1.0]). */
    public static final double RESET_THETA = Math.PI;
    public static final double RESET_THETA_DOT = 1.0;
    /** Cost weights of θ̇² and u² in the reward (pendulum.py: costs). */
    public static final double VELOCITY_COST = 0.1;
    public static final double TORQUE_COST = 0.001;

    private static final EnvSpec SPEC = new EnvSpec(NAME, ObsSpec.vector(3), 1, MAX_EPISODE_STEPS);
    private static final double TWO_PI = 2 * Math.PI;

    private final EpisodeClock clock = new EpisodeClock(NAME, MAX_EPISODE_STEPS);
    private double theta;
    private double thetaDot;

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public Observation reset(long seed) {
        Rng rng = new Rng(seed, RESET_STREAM);
        theta = uniform(rng, -RESET_THETA, RESET_THETA);
        thetaDot = uniform(rng, -RESET_THETA_DOT, RESET_THETA_DOT);
        clock.reset();
        return observation();
    }

    @Override
    public Step step(float[] action) {
        clock.requireRunning();
        float a = Actions.validateAndClip(SPEC, action)[0];
        double u = Math.clamp(MAX_TORQUE * a, -MAX_TORQUE, MAX_TORQUE);
        // costs on the pre-step state (pendulum.py: step)
        double normTheta = angleNormalize(theta);
        double cost = normTheta * normTheta + VELOCITY_COST * thetaDot * thetaDot + TORQUE_COST * (u * u);
        // semi-implicit Euler: velocity first, then position with the new velocity
        double newThetaDot = thetaDot + (3 * G / (2 * L) * Math.sin(theta) + 3.0 / (M * L * L) * u) * DT;
        newThetaDot = Math.clamp(newThetaDot, -MAX_SPEED, MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        boolean truncated = clock.tick();
        if (truncated) {
            clock.end();
        }
        return new Step(observation(), -cost, false, truncated);
    }

    /**
     * pendulum.py: angle_normalize(x) = ((x + π) % (2π)) − π with Python's floored modulo, so the
     * result lies in [−π, π).
     */
    static double angleNormalize(double x) {
        double r = (x + Math.PI) % TWO_PI; // IEEE fmod, the first step of CPython's float_rem
        if (r < 0) {
            r += TWO_PI; // CPython: a remainder with the divisor's sign
        }
        return r - Math.PI;
    }

    /** The double-precision state (θ, θ̇), for tests. */
    double[] state() {
        return new double[] {theta, thetaDot};
    }

    /** Sets (θ, θ̇) inside a running episode, like assigning {@code env.unwrapped.state}. */
    void setState(double theta, double thetaDot) {
        this.theta = theta;
        this.thetaDot = thetaDot;
    }

    private Observation observation() {
        return new Observation.F32(new float[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot});
    }

    private static double uniform(Rng rng, double lo, double hi) {
        return lo + (hi - lo) * (double) rng.uniform();
    }
}
