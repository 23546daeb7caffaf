package org.mbrl4j.train;

import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.TimeLimit;

/**
 * The env of a run: {@code Envs.make(task, action_repeat)} inside a {@link TimeLimit} at its
 * registered limit in agent steps (the episode length of {@code RunSpec}; base envs also enforce
 * their own limit, the wrapper makes the agent-step limit explicit whatever the env).
 */
public final class TrainEnvs {
    private TrainEnvs() {}

    /**
     * @throws ConfigException under the key {@code task} when it names no task of an available env
     *     provider; the message lists the known tasks and the providers searched
     */
    public static Env make(RunConfig run) {
        Env env;
        try {
            env = Envs.make(run.task(), run.actionRepeat());
        } catch (IllegalArgumentException e) {
            throw ConfigException.of("task", "task=" + run.task() + ": " + e.getMessage());
        }
        return new TimeLimit(env, env.spec().maxEpisodeSteps());
    }
}
