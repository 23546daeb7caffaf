package org.mbrl4j.config;

/**
 * Everything a run derives once from the config and the environment (STYLE practice 8): nothing
 * writes to the config after this. Printed with the resolved table at start.
 *
 * @param episodeLength the env's time limit in agent steps
 * @param discount the primary γ of the discount heuristic (tdmpc2-facts §1.3)
 * @param seedSteps random-action steps before learning: {@code seed_steps} when set (at least one
 *     episode), else max(1000, 5 · episode length)
 * @param bufferCapacity replay capacity in transitions: min(buffer_size, steps)
 * @param iterations planner iterations: +2 when the action dim is at least 20 (tdmpc2-facts §1.4)
 */
public record RunSpec(Tdmpc2Config config, String envName, int obsDim, int actionDim, int episodeLength,
        double discount, int seedSteps, int bufferCapacity, int iterations) {

    /** Action dims from which the reference adds two planner iterations. */
    public static final int LARGE_ACTION_DIM = 20;
    public static final int MIN_SEED_STEPS = 1000;
    public static final int SEED_EPISODES = 5;

    public static RunSpec derive(Tdmpc2Config config, String envName, int obsDim, int actionDim, int episodeLength) {
        if (config.run().task().startsWith("mt")) {
            throw new IllegalArgumentException("task=" + config.run().task()
                    + ": multitask training is not supported (spec 000 asserts single-task)");
        }
        TrainingConfig t = config.training();
        double discount = discount(episodeLength, t.discountDenom(), t.discountMin(), t.discountMax());
        config.multiGamma().checkPrimary(discount);
        int seedSteps = seedSteps(config.run().seedSteps(), episodeLength);
        int capacity = Math.min(t.bufferSize(), config.run().steps());
        int iterations = config.planner().iterations() + (actionDim >= LARGE_ACTION_DIM ? 2 : 0);
        return new RunSpec(config, envName, obsDim, actionDim, episodeLength, discount, seedSteps, capacity, iterations);
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

    /** γ = clip((frac − 1)/frac, min, max) with frac = episode_length / discount_denom. */
    public static double discount(int episodeLength, double denom, double min, double max) {
        double frac = episodeLength / denom;
        return Math.min(Math.max((frac - 1) / frac, min), max);
    }
}
