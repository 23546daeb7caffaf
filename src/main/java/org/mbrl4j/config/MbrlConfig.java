package org.mbrl4j.config;

import java.util.Objects;

/**
 * The whole configuration, valid by construction: the run block (what to run and where its outputs
 * go), the execution block (device and GEMM precision), the trainer's features (docs/training-features.md),
 * and one block per algorithm. The
 * {@code algorithm} key of the run block selects the block the agent reads; every block is validated
 * whichever is selected. {@link ConfigSchema} derives every YAML key from this record. Load it with
 * {@link Config#load}.
 */
public record MbrlConfig(RunConfig run, ExecutionConfig execution, TrainerConfig trainer, Tdmpc2Config tdmpc2,
        PlanetLiteConfig planetLite, PlanetConfig planet) {

    public MbrlConfig {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(tdmpc2, "tdmpc2");
        Objects.requireNonNull(planetLite, "planetLite");
        Objects.requireNonNull(planet, "planet");
    }

    public MbrlConfig withTdmpc2(Tdmpc2Config block) {
        return new MbrlConfig(run, execution, trainer, block, planetLite, planet);
    }

    /** This config with another run block (the trainer writes the resolved config without overwrite). */
    public MbrlConfig withRun(RunConfig block) {
        return new MbrlConfig(block, execution, trainer, tdmpc2, planetLite, planet);
    }
}
