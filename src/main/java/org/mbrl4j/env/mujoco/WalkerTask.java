package org.mbrl4j.env.mujoco;

import org.mbrl4j.env.Tolerance;
import org.mbrl4j.env.Tolerance.Sigmoid;
import org.mbrl4j.rng.Rng;

/**
 * walker-stand, walker-walk and walker-run (dm_control {@code walker.py}) on walker.xml: Euler at
 * 0.0025 s, 10 physics steps per control step (0.025 s).
 *
 * <p>Observation f32[24]: for the 7 bodies (torso, right thigh, leg, foot, left thigh, leg, foot)
 * their xmat xx and xz (14), the torso height (1), qvel (9). Reward: stand = (3·standing + upright)/4
 * with standing = tol(torso z, (1.2, ∞), margin 0.6) and upright = (1 + torso zz)/2; walk (v* = 1)
 * and run (v* = 8): stand · (5·tol(torso subtree velocity x, (v*, ∞), margin v* / 2, linear, 0.5) + 1)/6.
 *
 * <p>Initial state: limited joints ~ U(their ranges), the root pitch ~ U(−π, π): the walker starts
 * at any angle and falls.
 */
final class WalkerTask extends ControlTask {
    static final String STAND = "dmc-walker-stand";
    static final String WALK = "dmc-walker-walk";
    static final String RUN = "dmc-walker-run";
    static final double STAND_HEIGHT = 1.2;
    static final double WALK_SPEED = 1;
    static final double RUN_SPEED = 8;
    private static final String[] BODIES = {"torso", "right_thigh", "right_leg", "right_foot", "left_thigh", "left_leg",
        "left_foot"};
    private static final String[] JOINTS = {"rootz", "rootx", "rooty", "right_hip", "right_knee", "right_ankle",
        "left_hip", "left_knee", "left_ankle"};

    private final double moveSpeed;
    private final int[] xx = new int[BODIES.length];
    private final int[] xz = new int[BODIES.length];
    private final int[] velocity = new int[JOINTS.length];
    private int height;
    private int torsoZz;
    private int speed;

    /** @param moveSpeed 0 (stand), {@link #WALK_SPEED} or {@link #RUN_SPEED} */
    WalkerTask(String name, double moveSpeed) {
        super(name);
        this.moveSpeed = moveSpeed;
    }

    @Override
    String modelFile() {
        return "walker.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 10;
    }

    @Override
    int observationDim() {
        return 2 * BODIES.length + 1 + JOINTS.length;
    }

    @Override
    void bind(MujocoModel model) {
        for (int b = 0; b < BODIES.length; b++) {
            xx[b] = model.addReadout(MujocoField.XMAT, BODIES[b], MujocoField.XX);
            xz[b] = model.addReadout(MujocoField.XMAT, BODIES[b], MujocoField.XZ);
        }
        height = model.addReadout(MujocoField.XPOS, "torso", 2);
        for (int j = 0; j < JOINTS.length; j++) {
            velocity[j] = model.addReadout(MujocoField.QVEL, JOINTS[j], 0);
        }
        torsoZz = model.addReadout(MujocoField.XMAT, "torso", MujocoField.ZZ);
        speed = model.addReadout(MujocoField.SENSOR, "torso_subtreelinvel", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        randomizeLimitedAndRotationalJoints(model, rng);
    }

    @Override
    void observe(double[] r, float[] out) {
        for (int b = 0; b < BODIES.length; b++) {
            out[2 * b] = (float) r[xx[b]];
            out[2 * b + 1] = (float) r[xz[b]];
        }
        out[2 * BODIES.length] = (float) r[height];
        for (int j = 0; j < JOINTS.length; j++) {
            out[2 * BODIES.length + 1 + j] = (float) r[velocity[j]];
        }
    }

    @Override
    double reward(double[] r, double[] controls) {
        double standing = Tolerance.tolerance(r[height], STAND_HEIGHT, Double.POSITIVE_INFINITY, STAND_HEIGHT / 2,
                Sigmoid.GAUSSIAN, Tolerance.DEFAULT_VALUE_AT_MARGIN);
        double upright = (1 + r[torsoZz]) / 2;
        double stand = (3 * standing + upright) / 4;
        if (moveSpeed == 0) {
            return stand;
        }
        double move = Tolerance.tolerance(r[speed], moveSpeed, Double.POSITIVE_INFINITY, moveSpeed / 2, Sigmoid.LINEAR,
                0.5);
        return stand * (5 * move + 1) / 6;
    }
}
