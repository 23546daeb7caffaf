package org.mbrl4j.env.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.FrameSource;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/**
 * A {@link ControlTask} on its own MuJoCo model, stepped as the Control Suite does (D.5): the action
 * (clipped to [−1, 1]) becomes the controls, one shim call runs the physics sub-steps and reads the
 * task's values, then reward and observation come from the post-step state. Episodes last
 * {@value ControlTask#EPISODE_STEPS} steps and never terminate. The native model is freed when the
 * env becomes unreachable. As a {@link FrameSource} it renders its current state from the model's
 * camera 0 ({@code obs=rgb}).
 */
final class MujocoEnv implements Env, FrameSource {
    private static final Cleaner CLEANER = Cleaner.create();
    /**
     * Renderers of unreachable envs, freed by the next {@link #frame} call: an OSMesa context must be
     * destroyed on the thread that renders with it, not on the cleaner's (that left the rendering
     * thread's current context dangling, and the next context it created crashed the JVM).
     */
    private static final Queue<MujocoRenderer> UNREACHABLE_RENDERERS = new ConcurrentLinkedQueue<>();

    private final ControlTask task;
    private final MujocoModel model;
    private final EnvSpec spec;
    private final double[] readouts;
    private final double[] controls;
    private int steps;
    private boolean running;
    private MujocoRenderer renderer;

    MujocoEnv(ControlTask task) {
        this.task = task;
        this.model = MujocoModel.load(readModel(task.modelFile()));
        CLEANER.register(this, model::close);
        task.bind(model);
        this.readouts = new double[model.readoutCount()];
        this.controls = new double[model.nu()];
        this.spec = new EnvSpec(task.name(), ObsSpec.vector(task.observationDim()), model.nu(), ControlTask.EPISODE_STEPS);
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public Observation reset(long seed) {
        running = false;
        model.reset();
        task.initializeEpisode(model, new Rng(seed, RESET_STREAM));
        model.forward(readouts);
        steps = 0;
        running = true;
        return observation();
    }

    @Override
    public Step step(float[] action) {
        if (!running) {
            throw new IllegalStateException(spec.name() + ": step() called with no running episode (before the first"
                    + " reset or after the episode ended); call reset(seed) to start one");
        }
        if (action == null) {
            throw new IllegalArgumentException(spec.name() + ": action is null, expected " + controls.length + " values");
        }
        if (action.length != controls.length) {
            throw new IllegalArgumentException(spec.name() + ": action has length " + action.length + ", expected "
                    + controls.length + " (the env's action dim)");
        }
        for (int i = 0; i < controls.length; i++) {
            if (Float.isNaN(action[i])) {
                throw new IllegalArgumentException(spec.name() + ": action[" + i + "] is NaN; actions must be numbers"
                        + " in [-1.0, 1.0]");
            }
            controls[i] = Math.clamp(action[i], -1f, 1f);
        }
        try {
            model.step(controls, task.physicsStepsPerControl(), readouts);
        } catch (MujocoException e) {
            running = false;
            throw e;
        }
        steps++;
        boolean truncated = steps >= spec.maxEpisodeSteps();
        if (truncated) {
            running = false;
        }
        return new Step(observation(), task.reward(readouts, controls), false, truncated);
    }

    /** The frame of the current state from the model's camera 0, through MuJoCo's renderer (EGL or OSMesa). */
    @Override
    public byte[] frame(int size) {
        for (MujocoRenderer dead; (dead = UNREACHABLE_RENDERERS.poll()) != null;) {
            dead.close();
        }
        if (renderer == null || renderer.width() != size) {
            if (renderer != null) {
                renderer.close();
            }
            MujocoRenderer opened = MujocoRenderer.open(model, size, size);
            renderer = opened;
            CLEANER.register(this, () -> UNREACHABLE_RENDERERS.add(opened));
        }
        return renderer.render(0);
    }

    /** The control timestep: the physics timestep times the task's physics steps per control step. */
    @Override
    public double controlPeriodSeconds() {
        return model.timestep() * task.physicsStepsPerControl();
    }

    /** The model, for tests that set a state by hand. */
    MujocoModel model() {
        return model;
    }

    /** mj_forward on the model's current state; its observation and its reward under {@code controls}. */
    Step evaluateCurrentState(double[] controlsForReward) {
        model.forward(readouts);
        return new Step(observation(), task.reward(readouts, controlsForReward), false, false);
    }

    private Observation observation() {
        float[] obs = new float[task.observationDim()];
        task.observe(readouts, obs);
        return new Observation.F32(obs);
    }

    static String readModel(String file) {
        try (InputStream in = MujocoEnv.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("MJCF resource " + file + " is missing beside " + MujocoEnv.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading MJCF resource " + file, e);
        }
    }
}
