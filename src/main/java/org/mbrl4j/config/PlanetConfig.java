package org.mbrl4j.config;

import java.util.Objects;

/**
 * The PlaNet block ({@code planet:} in YAML, read when {@code algorithm: planet}): the recurrent
 * state-space model with its conv encoder and decoder, its training, and the CEM over the prior
 * (docs/planet.md; Hafner et al. 2019 and google-research/planet, ecosystem-facts §A). Every key is
 * nested under {@code planet.}; {@link ConfigSchema} maps each to its group. What the agent derives
 * from the run once is {@code agent.planet.PlanetSpec}.
 */
public record PlanetConfig(PlanetModelConfig model, PlanetTrainingConfig training, PlanetCemConfig cem) {

    public PlanetConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(cem, "cem");
    }
}
