package org.mbrl4j.env;

import java.util.List;

/** The pure-Java tasks, always available: {@link Pendulum} and {@link CartPoleSwingup}. */
public final class ClassicEnvProvider implements EnvProvider {
    public static final String NAME = "classic";

    private static final List<EnvTask> TASKS = List.of(
            new EnvTask(Pendulum.NAME, "Gymnasium Pendulum-v1 (swing up and hold), f32[3] observations, 200 steps"),
            new EnvTask(CartPoleSwingup.NAME, "cart-pole swing-up modelled on the DeepMind Control Suite task,"
                    + " f32[5] observations, 1000 steps"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<EnvTask> tasks() {
        return TASKS;
    }

    @Override
    public Env make(String task) {
        return switch (task) {
            case Pendulum.NAME -> new Pendulum();
            case CartPoleSwingup.NAME -> new CartPoleSwingup();
            default -> throw new IllegalArgumentException("env provider " + NAME + ": no task '" + task
                    + "'; it makes " + Pendulum.NAME + ", " + CartPoleSwingup.NAME);
        };
    }
}
