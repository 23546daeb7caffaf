package org.mbrl4j.env;

/**
 * Cart-pole rigid-body dynamics modelled on the Control Suite's {@code cartpole.xml} (constants
 * below, each with its source), integrated with classical RK4 at the model's timestep, as MuJoCo's
 * {@code integrator="RK4"} does. It is not bit-identical to MuJoCo: the rail limit is a penalty
 * spring-damper instead of MuJoCo's soft-constraint solver, and the pole's inertia is the analytic
 * capsule inertia.
 *
 * <p>State s = (x, θ, ẋ, θ̇): cart position on the rail (m) and pole angle about the y axis (rad),
 * θ = 0 upright, positive θ tips the pole toward +x (MuJoCo hinge with axis (0, 1, 0)).
 *
 * <p>Equations of motion, from the Lagrangian of a cart (mass M) and a pole (mass m, centre of mass
 * at l from the hinge, inertia I about its centre of mass), with J = I + m l²:
 * <pre>
 *   (M + m)·ẍ + m l cos θ·θ̈ = F + m l sin θ·θ̇² − b_x·ẋ + F_limit
 *   m l cos θ·ẍ + J·θ̈       = m g l sin θ − b_θ·θ̇
 * </pre>
 * solved in closed form for (ẍ, θ̈) by Cramer's rule on the 2×2 mass matrix. F = GEAR·a is the motor
 * force for a clipped action a in [-1, 1].
 */
final class CartPolePhysics {
    /** Gravity, m/s² (MuJoCo default {@code gravity="0 0 -9.81"}). */
    static final double GRAVITY = 9.81;
    /** Cart mass, kg (cartpole.xml: cart geom mass="1"). */
    static final double CART_MASS = 1.0;
    /** Pole mass, kg (cartpole.xml: pole capsule mass=".1"). */
    static final double POLE_MASS = 0.1;
    /** Pole capsule segment, m (cartpole.xml: fromto="0 0 0 0 0 1"). */
    static final double POLE_LENGTH = 1.0;
    /** Pole capsule radius, m (cartpole.xml: size="0.045"). */
    static final double POLE_RADIUS = 0.045;
    /** Hinge to pole centre of mass, m: the middle of the symmetric capsule. */
    static final double POLE_COM = POLE_LENGTH / 2;
    /** Slider damping, N·s/m (cartpole.xml: slider damping="5e-4"). */
    static final double SLIDER_DAMPING = 5e-4;
    /** Hinge damping, N·m·s/rad (cartpole.xml: hinge damping="2e-6"). */
    static final double HINGE_DAMPING = 2e-6;
    /** Motor gear: force = GEAR·ctrl, ctrl in [-1, 1] (cartpole.xml: motor gear="10" ctrlrange="-1 1"). */
    static final double GEAR = 10.0;
    /** Rail limit, m (cartpole.xml: slider range="-1.8 1.8"). */
    static final double RAIL_LIMIT = 1.8;
    /** Limit time constant and damping ratio (cartpole.xml: solreflimit=".08 1"). */
    static final double LIMIT_TIME_CONSTANT = 0.08;
    static final double LIMIT_DAMPING_RATIO = 1.0;
    /** Limit stiffness and damping per unit effective mass: k = 1/(τ²ζ²), b = 2/τ (MuJoCo solref, d = 1). */
    static final double LIMIT_STIFFNESS = 1 / (LIMIT_TIME_CONSTANT * LIMIT_TIME_CONSTANT
            * LIMIT_DAMPING_RATIO * LIMIT_DAMPING_RATIO);
    static final double LIMIT_DAMPING = 2 / LIMIT_TIME_CONSTANT;
    /** Physics timestep, s (cartpole.xml: option timestep="0.01" integrator="RK4"). */
    static final double DT = 0.01;

    /** Pole inertia about its centre of mass, transverse axis: {@link #capsuleInertia}. */
    static final double POLE_INERTIA_COM = capsuleInertia(POLE_MASS, POLE_RADIUS, POLE_LENGTH);
    /** Pole inertia about the hinge: J = I + m l² (parallel-axis theorem). */
    static final double POLE_INERTIA_HINGE = POLE_INERTIA_COM + POLE_MASS * POLE_COM * POLE_COM;

    static final int X = 0;
    static final int THETA = 1;
    static final int X_DOT = 2;
    static final int THETA_DOT = 3;
    static final int STATE_DIM = 4;

    private final double[] k1 = new double[STATE_DIM];
    private final double[] k2 = new double[STATE_DIM];
    private final double[] k3 = new double[STATE_DIM];
    private final double[] k4 = new double[STATE_DIM];
    private final double[] tmp = new double[STATE_DIM];

    /**
     * Transverse inertia of a solid capsule (cylinder of height h plus two hemispheres of radius r)
     * about its centre, mass split by volume as MuJoCo does for a geom with a given mass:
     * I = m_c (3r² + h²)/12 + m_s (2r²/5 + h²/4 + 3hr/8), where m_s is the mass of the two hemispheres
     * together (hemisphere centroid at 3r/8 from its flat face, parallel-axis theorem).
     */
    static double capsuleInertia(double mass, double r, double h) {
        double cylinderVolume = Math.PI * r * r * h;
        double sphereVolume = 4.0 / 3.0 * Math.PI * r * r * r;
        double density = mass / (cylinderVolume + sphereVolume);
        double mc = density * cylinderVolume;
        double ms = density * sphereVolume;
        return mc * (3 * r * r + h * h) / 12 + ms * (2 * r * r / 5 + h * h / 4 + 3 * h * r / 8);
    }

    /** Advances {@code s} by one RK4 step of DT with control a (clipped to [-1, 1] by the caller). */
    void step(double[] s, double a) {
        derivative(s, a, k1);
        offset(s, k1, DT / 2, tmp);
        derivative(tmp, a, k2);
        offset(s, k2, DT / 2, tmp);
        derivative(tmp, a, k3);
        offset(s, k3, DT, tmp);
        derivative(tmp, a, k4);
        for (int i = 0; i < STATE_DIM; i++) {
            s[i] += DT / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    /** ds/dt = (ẋ, θ̇, ẍ, θ̈) from the equations of motion in the class doc. */
    static void derivative(double[] s, double a, double[] out) {
        double sin = Math.sin(s[THETA]);
        double cos = Math.cos(s[THETA]);
        double ml = POLE_MASS * POLE_COM;
        double a11 = CART_MASS + POLE_MASS;
        double a12 = ml * cos;
        double a22 = POLE_INERTIA_HINGE;
        double det = a11 * a22 - a12 * a12;
        double rhs1 = GEAR * a + ml * sin * s[THETA_DOT] * s[THETA_DOT] - SLIDER_DAMPING * s[X_DOT]
                + limitForce(s[X], s[X_DOT], det / a22);
        double rhs2 = ml * GRAVITY * sin - HINGE_DAMPING * s[THETA_DOT];
        out[X] = s[X_DOT];
        out[THETA] = s[THETA_DOT];
        out[X_DOT] = (a22 * rhs1 - a12 * rhs2) / det;
        out[THETA_DOT] = (a11 * rhs2 - a12 * rhs1) / det;
    }

    /**
     * Penalty approximation of MuJoCo's soft rail limit: past ±RAIL_LIMIT by p, a unilateral force
     * −m_eff·(k p + b v) that only pushes the cart back, where m_eff = det/J = 1/(M⁻¹)₀₀ is the
     * slider's effective mass (MuJoCo's constraint-space inertia for this constraint).
     */
    static double limitForce(double x, double xDot, double effectiveMass) {
        double p = Math.abs(x) - RAIL_LIMIT;
        if (p <= 0) {
            return 0;
        }
        double outward = Math.signum(x);
        double push = effectiveMass * (LIMIT_STIFFNESS * p + LIMIT_DAMPING * xDot * outward);
        return -outward * Math.max(push, 0);
    }

    /**
     * Total mechanical energy T + V, with V = 0 at the hinge height:
     * ½(M+m)ẋ² + m l cos θ·ẋθ̇ + ½Jθ̇² + m g l cos θ.
     */
    static double energy(double[] s) {
        double ml = POLE_MASS * POLE_COM;
        double cos = Math.cos(s[THETA]);
        return 0.5 * (CART_MASS + POLE_MASS) * s[X_DOT] * s[X_DOT] + ml * cos * s[X_DOT] * s[THETA_DOT]
                + 0.5 * POLE_INERTIA_HINGE * s[THETA_DOT] * s[THETA_DOT] + ml * GRAVITY * cos;
    }

    private static void offset(double[] s, double[] k, double h, double[] out) {
        for (int i = 0; i < STATE_DIM; i++) {
            out[i] = s[i] + h * k[i];
        }
    }
}
