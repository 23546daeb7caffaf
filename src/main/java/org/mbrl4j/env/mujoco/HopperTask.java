package org.mbrl4j.env.mujoco;

import org.mbrl4j.env.Tolerance;
import org.mbrl4j.env.Tolerance.Sigmoid;
import org.mbrl4j.rng.Rng;

/**
 * hopper-stand and hopper-hop (dm_control {@code hopper.py}) on hopper.xml: Euler at 0.005 s, 4
 * physics steps per control step (0.02 s).
 *
 * <p>Observation f32[15]: qpos without rootx (6), qvel (7), log1p of the toe and heel touch sensors
 * (2). Reward: standing = 1 while the torso's centre of mass is 0.6 to 2 m above the foot's, else 0;
 * stand: standing · (4 + mean(1 − u²))/5 (quadratic tolerance of the controls, margin 1, value 0);
 * hop: standing · tol(torso subtree velocity x, (2, ∞), margin 1, linear, 0.5).
 *
 * <p>Initial state: limited joints ~ U(their ranges), the root pitch ~ U(−π, π).
 */
final class HopperTask extends ControlTask {
    static final String STAND = "dmc-hopper-stand";
    static final String HOP = "dmc-hopper-hop";
    static final double STAND_HEIGHT = 0.6;
    static final double HOP_SPEED = 2;
    private static final String[] POSITIONS = {"rootz", "rooty", "waist", "hip", "knee", "ankle"};
    private static final String[] VELOCITIES = {"rootx", "rootz", "rooty", "waist", "hip", "knee", "ankle"};

    private final boolean hop;
    private final int[] position = new int[POSITIONS.length];
    private final int[] velocity = new int[VELOCITIES.length];
    private int toe;
    private int heel;
    private int torsoZ;
    private int footZ;
    private int speed;

    HopperTask(boolean hop) {
        super(hop ? HOP : STAND);
        this.hop = hop;
    }

    @Override
    String modelFile() {
        return "hopper.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 4;
    }

    @Override
    int observationDim() {
        return POSITIONS.length + VELOCITIES.length + 2;
    }

    @Override
    void bind(MujocoModel model) {
        for (int i = 0; i < POSITIONS.length; i++) {
            position[i] = model.addReadout(MujocoField.QPOS, POSITIONS[i], 0);
        }
        for (int i = 0; i < VELOCITIES.length; i++) {
            velocity[i] = model.addReadout(MujocoField.QVEL, VELOCITIES[i], 0);
        }
        toe = model.addReadout(MujocoField.SENSOR, "touch_toe", 0);
        heel = model.addReadout(MujocoField.SENSOR, "touch_heel", 0);
        torsoZ = model.addReadout(MujocoField.XIPOS, "torso", 2);
        footZ = model.addReadout(MujocoField.XIPOS, "foot", 2);
        speed = model.addReadout(MujocoField.SENSOR, "torso_subtreelinvel", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        randomizeLimitedAndRotationalJoints(model, rng);
    }

    @Override
    void observe(double[] r, float[] out) {
        int k = 0;
        for (int p : position) {
            out[k++] = (float) r[p];
        }
        for (int v : velocity) {
            out[k++] = (float) r[v];
        }
        out[k++] = (float) Math.log1p(r[toe]);
        out[k] = (float) Math.log1p(r[heel]);
    }

    @Override
    double reward(double[] r, double[] controls) {
        double height = r[torsoZ] - r[footZ];
        double standing = Tolerance.tolerance(height, STAND_HEIGHT, 2, 0, Sigmoid.GAUSSIAN,
                Tolerance.DEFAULT_VALUE_AT_MARGIN);
        if (hop) {
            return standing * Tolerance.tolerance(r[speed], HOP_SPEED, Double.POSITIVE_INFINITY, HOP_SPEED / 2,
                    Sigmoid.LINEAR, 0.5);
        }
        double smallControl = 0;
        for (double u : controls) {
            smallControl += Tolerance.tolerance(u, 0, 0, 1, Sigmoid.QUADRATIC, 0);
        }
        smallControl /= controls.length;
        return standing * (smallControl + 4) / 5;
    }
}
