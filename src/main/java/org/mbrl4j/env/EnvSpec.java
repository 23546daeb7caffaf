package org.mbrl4j.env;

/**
 * What an env is: its registry name, the shape and element type of its observations, its action dim
 * and its time limit.
 *
 * @param observation the observation spec: f32 (O) for state vectors, u8 (Ch, Hp, Wp) for frames
 * @param maxEpisodeSteps the time limit in agent steps (steps of this env, after any action repeat)
 */
public record EnvSpec(String name, ObsSpec observation, int actionDim, int maxEpisodeSteps) {
    public EnvSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("EnvSpec: name must be non-blank, got '" + name + "'");
        }
        if (observation == null) {
            throw new IllegalArgumentException("EnvSpec " + name + ": observation spec must not be null");
        }
        requirePositive(name, "actionDim", actionDim);
        requirePositive(name, "maxEpisodeSteps", maxEpisodeSteps);
    }

    /** Elements per observation: O for a state vector, Ch·Hp·Wp for a frame. */
    public int observationDim() {
        return observation.size();
    }

    /** The same env with another time limit. */
    public EnvSpec withMaxEpisodeSteps(int steps) {
        return new EnvSpec(name, observation, actionDim, steps);
    }

    private static void requirePositive(String env, String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("EnvSpec " + env + ": " + key + " must be >= 1, got " + value);
        }
    }
}
