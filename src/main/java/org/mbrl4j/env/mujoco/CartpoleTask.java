package org.mbrl4j.env.mujoco;

import static org.mbrl4j.env.Tolerance.tolerance;

import org.mbrl4j.env.Tolerance;
import org.mbrl4j.env.Tolerance.Sigmoid;
import org.mbrl4j.rng.Rng;

/**
 * cartpole-balance and cartpole-swingup (dm_control {@code cartpole.py}, smooth reward), on
 * cartpole.xml: RK4 at 0.01 s, one physics step per control step.
 *
 * <p>Observation f32[5]: cart x, pole zz, pole xz (its xmat entries: cos and sin of the pole angle),
 * cart velocity, pole angular velocity. Reward: upright · centred · small control · small velocity
 * with upright = (zz + 1)/2, centred = (1 + tol(x, margin 2))/2, small control = (4 + tol(u, margin
 * 1, quadratic, 0))/5, small velocity = (1 + tol(ω, margin 5))/2.
 *
 * <p>Initial state: swing-up: slider 0.01·N(0,1), hinge π + 0.01·N(0,1); balance: slider U(−.1, .1),
 * hinge U(−.034, .034); both: qvel 0.01·N(0,1).
 */
final class CartpoleTask extends ControlTask {
    static final String BALANCE = "dmc-cartpole-balance";
    static final String SWINGUP = "dmc-cartpole-swingup";

    private final boolean swingUp;
    private int x;
    private int zz;
    private int xz;
    private int xDot;
    private int omega;

    CartpoleTask(boolean swingUp) {
        super(swingUp ? SWINGUP : BALANCE);
        this.swingUp = swingUp;
    }

    @Override
    String modelFile() {
        return "cartpole.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 1;
    }

    @Override
    int observationDim() {
        return 5;
    }

    @Override
    void bind(MujocoModel model) {
        x = model.addReadout(MujocoField.QPOS, "slider", 0);
        zz = model.addReadout(MujocoField.XMAT, "pole_1", MujocoField.ZZ);
        xz = model.addReadout(MujocoField.XMAT, "pole_1", MujocoField.XZ);
        xDot = model.addReadout(MujocoField.QVEL, "slider", 0);
        omega = model.addReadout(MujocoField.QVEL, "hinge_1", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        if (swingUp) {
            model.set(MujocoField.QPOS, "slider", 0, 0.01 * rng.normal());
            model.set(MujocoField.QPOS, "hinge_1", 0, Math.PI + 0.01 * rng.normal());
        } else {
            model.set(MujocoField.QPOS, "slider", 0, uniform(rng, -0.1, 0.1));
            model.set(MujocoField.QPOS, "hinge_1", 0, uniform(rng, -0.034, 0.034));
        }
        model.set(MujocoField.QVEL, "slider", 0, 0.01 * rng.normal());
        model.set(MujocoField.QVEL, "hinge_1", 0, 0.01 * rng.normal());
    }

    @Override
    void observe(double[] r, float[] out) {
        out[0] = (float) r[x];
        out[1] = (float) r[zz];
        out[2] = (float) r[xz];
        out[3] = (float) r[xDot];
        out[4] = (float) r[omega];
    }

    @Override
    double reward(double[] r, double[] controls) {
        double upright = (r[zz] + 1) / 2;
        double centred = (1 + Tolerance.gaussianAroundZero(r[x], 2)) / 2;
        double smallControl = (4 + tolerance(controls[0], 0, 0, 1, Sigmoid.QUADRATIC, 0)) / 5;
        double smallVelocity = (1 + Tolerance.gaussianAroundZero(r[omega], 5)) / 2;
        return upright * smallControl * smallVelocity * centred;
    }
}
