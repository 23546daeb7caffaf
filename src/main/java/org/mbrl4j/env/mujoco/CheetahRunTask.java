package org.mbrl4j.env.mujoco;

import org.mbrl4j.env.Tolerance;
import org.mbrl4j.env.Tolerance.Sigmoid;
import org.mbrl4j.rng.Rng;

/**
 * cheetah-run (dm_control {@code cheetah.py}) on cheetah.xml: Euler at 0.01 s, one physics step per
 * control step. Observation f32[17]: qpos without rootx (8), qvel (9). Reward: tol(torso subtree
 * linear velocity x, (10, ∞), margin 10, linear, value 0) = clip(speed / 10, 0, 1).
 *
 * <p>Initial state: limited joints ~ U(their ranges), then 200 physics steps with zero controls to
 * settle, then time 0. dm_control steps the freshly reset data without a forward first; here
 * mj_forward runs before the settling steps, so that they start from computed positions.
 */
final class CheetahRunTask extends ControlTask {
    static final String NAME = "dmc-cheetah-run";
    static final double RUN_SPEED = 10;
    static final int SETTLE_STEPS = 200;
    private static final String[] POSITIONS = {"rootz", "rooty", "bthigh", "bshin", "bfoot", "fthigh", "fshin", "ffoot"};
    private static final String[] VELOCITIES = {"rootx", "rootz", "rooty", "bthigh", "bshin", "bfoot", "fthigh", "fshin",
        "ffoot"};

    private final int[] position = new int[POSITIONS.length];
    private final int[] velocity = new int[VELOCITIES.length];
    private int speed;

    CheetahRunTask() {
        super(NAME);
    }

    @Override
    String modelFile() {
        return "cheetah.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 1;
    }

    @Override
    int observationDim() {
        return POSITIONS.length + VELOCITIES.length;
    }

    @Override
    void bind(MujocoModel model) {
        for (int i = 0; i < POSITIONS.length; i++) {
            position[i] = model.addReadout(MujocoField.QPOS, POSITIONS[i], 0);
        }
        for (int i = 0; i < VELOCITIES.length; i++) {
            velocity[i] = model.addReadout(MujocoField.QVEL, VELOCITIES[i], 0);
        }
        speed = model.addReadout(MujocoField.SENSOR, "torso_subtreelinvel", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        for (MujocoModel.Joint j : model.joints()) {
            if (j.limited()) {
                model.set(MujocoField.QPOS, j.name(), 0, uniform(rng, j.lo(), j.hi()));
            }
        }
        double[] scratch = new double[model.readoutCount()];
        model.forward(scratch);
        model.step(new double[model.nu()], SETTLE_STEPS, scratch);
        model.set(MujocoField.TIME, "", 0, 0);
    }

    @Override
    void observe(double[] r, float[] out) {
        for (int i = 0; i < position.length; i++) {
            out[i] = (float) r[position[i]];
        }
        for (int i = 0; i < velocity.length; i++) {
            out[position.length + i] = (float) r[velocity[i]];
        }
    }

    @Override
    double reward(double[] r, double[] controls) {
        return Tolerance.tolerance(r[speed], RUN_SPEED, Double.POSITIVE_INFINITY, RUN_SPEED, Sigmoid.LINEAR, 0);
    }
}
