package org.mbrl4j.agent;

import java.util.List;

/**
 * Periodic resets of named parameter components (docs/training-features.md#resets): θ ← α·θ + β·θ₀ for every
 * parameter of the components, θ₀ a fresh initialisation drawn from a Philox stream of its own for each reset;
 * α = 0, β = 1 is a full reset (Nikishin et al. 2022), 0 &lt; α &lt; 1 with a small β shrink-and-perturb (Ash &amp;
 * Adams 2020). The optimizer state of those parameters is reset too.
 */
public interface ParameterResets {

    /** The component names a reset may name, in print order. */
    List<String> components();

    /**
     * Reset number {@code number} (1, 2, …; it picks θ₀'s stream) of {@code components}.
     *
     * @throws IllegalArgumentException naming an unknown component
     */
    void reset(List<String> components, double alpha, double beta, long number);
}
