package org.mbrl4j.env.mujoco;

import org.mbrl4j.rng.Rng;

/**
 * One Control Suite task on its MuJoCo model: which MJCF it loads, how many physics steps one
 * control step takes, the values it reads from the physics (registered once as readouts), its
 * initial-state distribution, its observation layout and its reward (ecosystem-facts D.6). An
 * instance belongs to one {@link MujocoEnv}: {@link #bind} records the readout slots of its model.
 */
abstract class ControlTask {
    /** Agent-visible steps per episode for every task here (D.5: the time limit / control timestep). */
    static final int EPISODE_STEPS = 1000;

    private final String name;

    ControlTask(String name) {
        this.name = name;
    }

    /** The registry name, e.g. "dmc-cartpole-swingup". */
    final String name() {
        return name;
    }

    /** The MJCF resource beside this class, e.g. "cartpole.xml". */
    abstract String modelFile();

    /** Physics steps per control step (control timestep / physics timestep). */
    abstract int physicsStepsPerControl();

    abstract int observationDim();

    /** Registers the readouts this task needs on {@code model} and keeps their slots. */
    abstract void bind(MujocoModel model);

    /**
     * Sets the episode's initial state on a model just reset to its defaults (qpos, qvel, per-episode
     * model fields), drawing from {@code rng} only; the env then runs mj_forward.
     */
    abstract void initializeEpisode(MujocoModel model, Rng rng);

    /** The observation from the readouts {@code r}, into {@code out} (observationDim values). */
    abstract void observe(double[] r, float[] out);

    /** The reward of the state in the readouts {@code r} after applying {@code controls}, in [0, 1]. */
    abstract double reward(double[] r, double[] controls);

    /** U(lo, hi) in double from the f32 uniform of {@code rng}. */
    static double uniform(Rng rng, double lo, double hi) {
        return lo + (hi - lo) * rng.uniform();
    }

    /**
     * dm_control's {@code randomizers.randomize_limited_and_rotational_joints} for hinge and slide
     * joints: a limited joint ~ U(its range), an unlimited hinge ~ U(−π, π), an unlimited slide stays.
     */
    static void randomizeLimitedAndRotationalJoints(MujocoModel model, Rng rng) {
        for (MujocoModel.Joint j : model.joints()) {
            boolean scalar = j.type() == MujocoModel.Joint.HINGE || j.type() == MujocoModel.Joint.SLIDE;
            if (!scalar) {
                continue;
            }
            if (j.limited()) {
                model.set(MujocoField.QPOS, j.name(), 0, uniform(rng, j.lo(), j.hi()));
            } else if (j.type() == MujocoModel.Joint.HINGE) {
                model.set(MujocoField.QPOS, j.name(), 0, uniform(rng, -Math.PI, Math.PI));
            }
        }
    }
}
