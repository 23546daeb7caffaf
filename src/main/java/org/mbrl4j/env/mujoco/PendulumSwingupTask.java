package org.mbrl4j.env.mujoco;

import org.mbrl4j.rng.Rng;

/**
 * pendulum-swingup (dm_control {@code pendulum.py}) on pendulum.xml: Euler at 0.02 s, one physics
 * step per control step. Observation f32[3]: pole zz, pole xz (cos and sin of the angle from
 * upright), hinge velocity. Reward: 1 while the pole is within 8° of upright (zz ≥ cos 8°), else 0.
 * Initial state: hinge ~ U(−π, π).
 */
final class PendulumSwingupTask extends ControlTask {
    static final String NAME = "dmc-pendulum-swingup";
    static final double COS_8_DEGREES = Math.cos(Math.toRadians(8));

    private int zz;
    private int xz;
    private int omega;

    PendulumSwingupTask() {
        super(NAME);
    }

    @Override
    String modelFile() {
        return "pendulum.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 1;
    }

    @Override
    int observationDim() {
        return 3;
    }

    @Override
    void bind(MujocoModel model) {
        zz = model.addReadout(MujocoField.XMAT, "pole", MujocoField.ZZ);
        xz = model.addReadout(MujocoField.XMAT, "pole", MujocoField.XZ);
        omega = model.addReadout(MujocoField.QVEL, "hinge", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        model.set(MujocoField.QPOS, "hinge", 0, uniform(rng, -Math.PI, Math.PI));
    }

    @Override
    void observe(double[] r, float[] out) {
        out[0] = (float) r[zz];
        out[1] = (float) r[xz];
        out[2] = (float) r[omega];
    }

    @Override
    double reward(double[] r, double[] controls) {
        return r[zz] >= COS_8_DEGREES ? 1.0 : 0.0;
    }
}
