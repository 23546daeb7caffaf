package org.mbrl4j.env;

/**
 * What an env is: its registry name, observation dim, action dim and time limit.
 *
 * @param maxEpisodeSteps the time limit in agent steps (steps of this env, after any action repeat)
 */
public record EnvSpec(String name, int observationDim, int actionDim, int maxEpisodeSteps) {
    public EnvSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("EnvSpec: name must be non-blank, got '" + name + "'");
        }
        requirePositive(name, "observationDim", observationDim);
        requirePositive(name, "actionDim", actionDim);
        requirePositive(name, "maxEpisodeSteps", maxEpisodeSteps);
    }

    /** The same env with another time limit. */
    public EnvSpec withMaxEpisodeSteps(int steps) {
        return new EnvSpec(name, observationDim, actionDim, steps);
    }

    private static void requirePositive(String env, String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("EnvSpec " + env + ": " + key + " must be >= 1, got " + value);
        }
    }
}
