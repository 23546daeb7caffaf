package org.mbrl4j.env.mujoco;

import org.mbrl4j.rng.Rng;

/**
 * cup-catch (dm_control {@code ball_in_cup.py}, task {@code catch}) on cup.xml: Euler at MuJoCo's
 * default 0.002 s, 10 physics steps per control step (0.02 s); 20 s make 1,000 control steps.
 *
 * <p>Observation f32[8]: qpos of cup_x, cup_z, ball_x, ball_z (4), then their qvel (4), in joint
 * order. Reward: 1 while the ball's centre lies strictly inside the target box shrunk by the ball's
 * radius on both x and z (|target − ball| &lt; target half-size − ball radius per axis), else 0.
 *
 * <p>Initial state: the cup at rest at its origin; ball_x ~ U(−0.2, 0.2), ball_z ~ U(0.2, 0.5) (from
 * the ball body's origin at z 0.2), drawn again until the configuration has no contact (at most 1,000
 * tries).
 */
final class CupCatchTask extends ControlTask {
    static final String NAME = "dmc-cup-catch";
    static final int MAX_ATTEMPTS = 1000;
    private static final String[] JOINTS = {"cup_x", "cup_z", "ball_x", "ball_z"};

    private final int[] position = new int[JOINTS.length];
    private final int[] velocity = new int[JOINTS.length];
    private final int[] target = new int[2];
    private final int[] ball = new int[2];
    private final int[] targetHalfSize = new int[2];
    private int ballRadius;

    CupCatchTask() {
        super(NAME);
    }

    @Override
    String modelFile() {
        return "cup.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 10;
    }

    @Override
    int observationDim() {
        return 2 * JOINTS.length;
    }

    @Override
    void bind(MujocoModel model) {
        for (int j = 0; j < JOINTS.length; j++) {
            position[j] = model.addReadout(MujocoField.QPOS, JOINTS[j], 0);
        }
        for (int j = 0; j < JOINTS.length; j++) {
            velocity[j] = model.addReadout(MujocoField.QVEL, JOINTS[j], 0);
        }
        // components x (0) and z (2): the task lives in the x-z plane
        for (int a = 0; a < 2; a++) {
            target[a] = model.addReadout(MujocoField.SITE_XPOS, "target", 2 * a);
            ball[a] = model.addReadout(MujocoField.XPOS, "ball", 2 * a);
            targetHalfSize[a] = model.addReadout(MujocoField.SITE_SIZE, "target", 2 * a);
        }
        ballRadius = model.addReadout(MujocoField.GEOM_SIZE, "ball", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        double[] scratch = new double[model.readoutCount()];
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            model.set(MujocoField.QPOS, "ball_x", 0, uniform(rng, -0.2, 0.2));
            model.set(MujocoField.QPOS, "ball_z", 0, uniform(rng, 0.2, 0.5));
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
        for (int j = 0; j < JOINTS.length; j++) {
            out[j] = (float) r[position[j]];
            out[JOINTS.length + j] = (float) r[velocity[j]];
        }
    }

    @Override
    double reward(double[] r, double[] controls) {
        for (int a = 0; a < 2; a++) {
            if (Math.abs(r[target[a]] - r[ball[a]]) >= r[targetHalfSize[a]] - r[ballRadius]) {
                return 0.0;
            }
        }
        return 1.0;
    }
}
