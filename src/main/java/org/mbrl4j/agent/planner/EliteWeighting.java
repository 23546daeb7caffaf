package org.mbrl4j.agent.planner;

/** How the top-K elites are weighted when the sampling mean and std are refit (iteration steps 9-10). */
public sealed interface EliteWeighting {

    /** softmax(elite_scores / temperature): docs/planner.md's MPPI ({@link EliteRefit}). */
    record Softmax(float temperature) implements EliteWeighting {}

    /** 1/K each, so the mean and std are plain averages over the elites: the CEM ({@link UniformEliteRefit}). */
    record Uniform() implements EliteWeighting {}
}
