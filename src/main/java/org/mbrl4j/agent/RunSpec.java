package org.mbrl4j.agent;

import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.ObsType;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.ObsDType;
import org.mbrl4j.env.ObsSpec;

/**
 * What a run derives once from its run block and its environment, for any algorithm (STYLE practice
 * 8): nothing writes to the config after this. Each algorithm derives its own values from it once
 * (TD-MPC2: {@code agent.tdmpc2.Tdmpc2Spec}). Printed with the resolved table at start.
 *
 * @param run the run block of the config
 * @param envName the env's registry name
 * @param obs the shape and element type of one observation
 * @param actionDim A, the env's action dim
 * @param episodeLength the env's time limit in agent steps
 * @param seedSteps random-action steps before learning: {@code seed_steps} when set (at least one
 *     episode), else max(1000, 5 · episode length)
 * @param bufferCapacity replay capacity in transitions: min(buffer_size, steps)
 */
public record RunSpec(RunConfig run, String envName, ObsSpec obs, int actionDim, int episodeLength, int seedSteps,
        int bufferCapacity) {

    public static final int MIN_SEED_STEPS = 1000;
    public static final int SEED_EPISODES = 5;

    /** The run spec of {@code env}: its name, observation spec, action dim and time limit. */
    public static RunSpec of(RunConfig run, EnvSpec env) {
        return derive(run, env.name(), env.observation(), env.actionDim(), env.maxEpisodeSteps());
    }

    /**
     * @throws ConfigException when the task is multitask, the env's observations do not match
     *     {@code obs} (f32 vectors for state, u8 frames for rgb), or an explicit {@code seed_steps} is shorter than an episode
     */
    public static RunSpec derive(RunConfig run, String envName, ObsSpec obs, int actionDim, int episodeLength) {
        if (run.task().startsWith("mt")) {
            throw ConfigException.of("task", "task=" + run.task()
                    + ": multitask training is not supported (docs/planner.md#scope: single task only)");
        }
        if (run.obs() == ObsType.STATE && obs.dtype() != ObsDType.F32) {
            throw ConfigException.of("obs", "obs=state, but env " + envName + " observes " + obs
                    + " (state observations are f32 vectors)");
        }
        if (run.obs() == ObsType.RGB && obs.dtype() != ObsDType.U8) {
            throw ConfigException.of("obs", "obs=rgb, but env " + envName + " observes " + obs
                    + " (rgb observations are u8 frames; make the env with train.TrainEnvs, which renders them)");
        }
        int seedSteps = seedSteps(run.seedSteps(), episodeLength);
        int capacity = Math.min(run.bufferSize(), run.steps());
        return new RunSpec(run, envName, obs, actionDim, episodeLength, seedSteps, capacity);
    }

    /** O, the number of values of one observation. */
    public int obsDim() {
        return obs.size();
    }

    /**
     * An explicit {@code seed_steps} (> 0) must cover one episode, so that the buffer holds a finished
     * episode when pretraining starts; 0 derives the reference value.
     */
    static int seedSteps(int configured, int episodeLength) {
        if (configured == 0) {
            return Math.max(MIN_SEED_STEPS, SEED_EPISODES * episodeLength);
        }
        if (configured < episodeLength) {
            throw ConfigException.of("seed_steps", "seed_steps=" + configured + ": must be 0 (derive) or >= the"
                    + " episode length " + episodeLength + ", so that a whole episode is in the replay buffer"
                    + " when pretraining starts");
        }
        return configured;
    }
}
