package org.mbrl4j.env;

/**
 * The result of one agent step, Gymnasium-style.
 *
 * @param observation the observation after the step, of the env's {@link EnvSpec#observation()} spec
 * @param reward the reward for the step, in double as the physics computes it
 * @param terminated the task reached a terminal state (bootstrapping must stop)
 * @param truncated the episode was cut by a time limit (the state is not terminal)
 */
public record Step(Observation observation, double reward, boolean terminated, boolean truncated) {

    public Step {
        if (observation == null) {
            throw new IllegalArgumentException("Step: observation must not be null");
        }
    }

    /** The episode is over: reset before stepping again. */
    public boolean done() {
        return terminated || truncated;
    }
}
