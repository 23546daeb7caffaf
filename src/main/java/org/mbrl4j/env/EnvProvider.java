package org.mbrl4j.env;

import java.util.List;

/**
 * A source of tasks, found through {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/org.mbrl4j.env.EnvProvider} and give it a public no-argument constructor
 * that does no heavy work and never throws (probe native libraries in {@link #availability}).
 * {@link Envs} builds its registry from every provider found.
 */
public interface EnvProvider {

    /** A short name for messages, e.g. "classic", "mujoco". */
    String name();

    /**
     * The tasks this provider makes, listed even while it is unavailable (so that a message can say
     * which provider a task needs); their names must not clash with another provider's.
     */
    List<EnvTask> tasks();

    /** Whether {@link #make} works on this machine, and if not, why. */
    default Availability availability() {
        return Availability.AVAILABLE;
    }

    /**
     * A fresh env for {@code task}, one of {@link #tasks()}, with its registered time limit and no
     * action repeat; its {@link EnvSpec#name()} is the task name. Called only while available.
     *
     * @throws IllegalArgumentException when {@code task} is not one of {@link #tasks()}
     */
    Env make(String task);
}
