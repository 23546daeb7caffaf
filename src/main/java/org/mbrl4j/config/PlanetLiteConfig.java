package org.mbrl4j.config;

import java.util.Objects;

/**
 * The PlaNet-lite block ({@code planet_lite:} in YAML, read when {@code algorithm: planet-lite}): the
 * Pendulum notebook's MLP dynamics model, its training schedule and its CEM planner
 * (docs/planet-lite.md). Every key is nested under {@code planet_lite.}; {@link ConfigSchema} maps each
 * to its group. What the agent derives from the run once is {@code agent.planetlite.PlanetLiteSpec}.
 */
public record PlanetLiteConfig(PlanetLiteTrainingConfig training, PlanetLiteCemConfig cem) {

    public PlanetLiteConfig {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(cem, "cem");
    }
}
