package org.mbrl4j.env.mujoco;

import org.mbrl4j.rng.Rng;

/**
 * finger-spin (dm_control {@code finger.py}) on finger.xml: Euler at 0.01 s, 2 physics steps per
 * control step (0.02 s); every observation comes from a sensor.
 *
 * <p>Observation f32[9]: proximal and distal angles, the tip's x and z relative to the spinner's
 * hinge (4); proximal, distal and spinner velocities (3); log1p of the two fingertip touch sensors
 * (2). Reward: 1 while the spinner turns at −15 rad/s or faster (hinge velocity ≤ −15), else 0.
 *
 * <p>Initial state: the spinner's damping is set to 0.03; limited joints ~ U(their ranges) and the
 * spinner ~ U(−π, π), drawn again until the configuration has no contact (at most 1,000 tries).
 */
final class FingerSpinTask extends ControlTask {
    static final String NAME = "dmc-finger-spin";
    static final double SPIN_VELOCITY = 15;
    static final double SPINNER_DAMPING = 0.03;
    static final int MAX_ATTEMPTS = 1000;

    private int proximal;
    private int distal;
    private final int[] tip = new int[2];
    private final int[] spinner = new int[2];
    private int proximalVelocity;
    private int distalVelocity;
    private int hingeVelocity;
    private int touchTop;
    private int touchBottom;

    FingerSpinTask() {
        super(NAME);
    }

    @Override
    String modelFile() {
        return "finger.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 2;
    }

    @Override
    int observationDim() {
        return 9;
    }

    @Override
    void bind(MujocoModel model) {
        proximal = model.addReadout(MujocoField.SENSOR, "proximal", 0);
        distal = model.addReadout(MujocoField.SENSOR, "distal", 0);
        tip[0] = model.addReadout(MujocoField.SENSOR, "tip", 0);
        tip[1] = model.addReadout(MujocoField.SENSOR, "tip", 2);
        spinner[0] = model.addReadout(MujocoField.SENSOR, "spinner", 0);
        spinner[1] = model.addReadout(MujocoField.SENSOR, "spinner", 2);
        proximalVelocity = model.addReadout(MujocoField.SENSOR, "proximal_velocity", 0);
        distalVelocity = model.addReadout(MujocoField.SENSOR, "distal_velocity", 0);
        hingeVelocity = model.addReadout(MujocoField.SENSOR, "hinge_velocity", 0);
        touchTop = model.addReadout(MujocoField.SENSOR, "touchtop", 0);
        touchBottom = model.addReadout(MujocoField.SENSOR, "touchbottom", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        model.set(MujocoField.DOF_DAMPING, "hinge", 0, SPINNER_DAMPING);
        double[] scratch = new double[model.readoutCount()];
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            randomizeLimitedAndRotationalJoints(model, rng);
            model.forward(scratch);
            if (model.contactCount() == 0) {
                return;
            }
        }
        throw new IllegalStateException(NAME + ": no contact-free initial configuration in " + MAX_ATTEMPTS
                + " attempts");
    }

    @Override
    void observe(double[] r, float[] out) {
        out[0] = (float) r[proximal];
        out[1] = (float) r[distal];
        out[2] = (float) (r[tip[0]] - r[spinner[0]]);
        out[3] = (float) (r[tip[1]] - r[spinner[1]]);
        out[4] = (float) r[proximalVelocity];
        out[5] = (float) r[distalVelocity];
        out[6] = (float) r[hingeVelocity];
        out[7] = (float) Math.log1p(r[touchTop]);
        out[8] = (float) Math.log1p(r[touchBottom]);
    }

    @Override
    double reward(double[] r, double[] controls) {
        return r[hingeVelocity] <= -SPIN_VELOCITY ? 1.0 : 0.0;
    }
}
