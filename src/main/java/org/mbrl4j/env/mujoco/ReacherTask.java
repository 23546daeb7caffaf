package org.mbrl4j.env.mujoco;

import org.mbrl4j.rng.Rng;

/**
 * reacher-easy and reacher-hard (dm_control {@code reacher.py}) on reacher.xml: Euler at 0.02 s, one
 * physics step per control step. Observation f32[6]: shoulder and wrist angles, target − finger (x,
 * y), shoulder and wrist velocities. Reward: 1 while the finger-to-target distance is at most the
 * target radius (0.05 easy, 0.015 hard) plus the finger radius (0.01), else 0.
 *
 * <p>Initial state: shoulder ~ U(−π, π), wrist ~ U(its ±160° range); the target at angle U(0, 2π),
 * radius U(0.05, 0.20) from the shoulder axis, with the task's radius.
 */
final class ReacherTask extends ControlTask {
    static final String EASY = "dmc-reacher-easy";
    static final String HARD = "dmc-reacher-hard";
    static final double EASY_TARGET_RADIUS = 0.05;
    static final double HARD_TARGET_RADIUS = 0.015;

    private final double targetRadius;
    private int shoulder;
    private int wrist;
    private int shoulderVel;
    private int wristVel;
    private final int[] target = new int[3];
    private final int[] finger = new int[3];
    private int fingerRadius;
    private int targetSize;

    ReacherTask(boolean hard) {
        super(hard ? HARD : EASY);
        this.targetRadius = hard ? HARD_TARGET_RADIUS : EASY_TARGET_RADIUS;
    }

    @Override
    String modelFile() {
        return "reacher.xml";
    }

    @Override
    int physicsStepsPerControl() {
        return 1;
    }

    @Override
    int observationDim() {
        return 6;
    }

    @Override
    void bind(MujocoModel model) {
        shoulder = model.addReadout(MujocoField.QPOS, "shoulder", 0);
        wrist = model.addReadout(MujocoField.QPOS, "wrist", 0);
        for (int c = 0; c < 3; c++) {
            target[c] = model.addReadout(MujocoField.GEOM_XPOS, "target", c);
            finger[c] = model.addReadout(MujocoField.GEOM_XPOS, "finger", c);
        }
        shoulderVel = model.addReadout(MujocoField.QVEL, "shoulder", 0);
        wristVel = model.addReadout(MujocoField.QVEL, "wrist", 0);
        fingerRadius = model.addReadout(MujocoField.GEOM_SIZE, "finger", 0);
        targetSize = model.addReadout(MujocoField.GEOM_SIZE, "target", 0);
    }

    @Override
    void initializeEpisode(MujocoModel model, Rng rng) {
        model.set(MujocoField.GEOM_SIZE, "target", 0, targetRadius);
        randomizeLimitedAndRotationalJoints(model, rng);
        double angle = uniform(rng, 0, 2 * Math.PI);
        double radius = uniform(rng, 0.05, 0.20);
        model.set(MujocoField.GEOM_POS, "target", 0, radius * Math.sin(angle));
        model.set(MujocoField.GEOM_POS, "target", 1, radius * Math.cos(angle));
    }

    @Override
    void observe(double[] r, float[] out) {
        out[0] = (float) r[shoulder];
        out[1] = (float) r[wrist];
        out[2] = (float) (r[target[0]] - r[finger[0]]);
        out[3] = (float) (r[target[1]] - r[finger[1]]);
        out[4] = (float) r[shoulderVel];
        out[5] = (float) r[wristVel];
    }

    @Override
    double reward(double[] r, double[] controls) {
        double dx = r[target[0]] - r[finger[0]];
        double dy = r[target[1]] - r[finger[1]];
        double dz = r[target[2]] - r[finger[2]];
        double distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
        return distance <= r[targetSize] + r[fingerRadius] ? 1.0 : 0.0;
    }
}
