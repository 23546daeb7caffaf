package org.mbrl4j.config;

import java.util.Objects;

/**
 * The whole TD-MPC2 configuration, valid by construction: every group record checks its own rules.
 * In YAML the keys are flat (as in the reference {@code config.yaml}) plus the {@code multi_gamma:}
 * block; {@link ConfigSchema} maps each key to its group. Load it with {@link Config#load}.
 */
public record Tdmpc2Config(
        RunConfig run,
        TrainingConfig training,
        PlannerConfig planner,
        ModelConfig model,
        ExecutionConfig execution,
        MultiGammaConfig multiGamma) {

    public Tdmpc2Config {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(multiGamma, "multiGamma");
    }

    public Tdmpc2Config withModel(ModelConfig newModel) {
        return new Tdmpc2Config(run, training, planner, newModel, execution, multiGamma);
    }
}
