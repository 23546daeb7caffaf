package org.mbrl4j.train;

import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.ObsType;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.TimeLimit;
import org.mbrl4j.env.render.PixelEnvs;

/**
 * The env of a run: {@code Envs.make(task, action_repeat)} inside a {@link TimeLimit} at its
 * registered limit in agent steps (the episode length of {@code RunSpec}; base envs also enforce
 * their own limit, the wrapper makes the agent-step limit explicit whatever the env). With
 * {@code obs=rgb} the env is observed through rendered frames, {@code frame_stack} of them stacked
 * ({@link PixelEnvs#wrap}, around the action repeat: one frame per agent step).
 */
public final class TrainEnvs {
    private TrainEnvs() {}

    /**
     * @throws ConfigException under the key {@code task} when it names no task of an available env
     *     provider; the message lists the known tasks and the providers searched; under {@code obs}
     *     when obs=rgb and the task has no renderer (the message names those that have one)
     */
    public static Env make(RunConfig run) {
        Env env;
        try {
            env = Envs.make(run.task(), run.actionRepeat());
        } catch (IllegalArgumentException e) {
            throw ConfigException.of("task", "task=" + run.task() + ": " + e.getMessage());
        }
        if (run.obs() == ObsType.RGB) {
            try {
                env = PixelEnvs.wrap(env, run.frameStack());
            } catch (IllegalArgumentException e) {
                throw ConfigException.of("obs", "obs=rgb: " + e.getMessage());
            }
        }
        return new TimeLimit(env, env.spec().maxEpisodeSteps());
    }
}
