package org.mbrl4j.config;

import java.util.Objects;

/**
 * The TD-MPC2 block, valid by construction: every group record checks its own rules. In YAML its keys
 * are flat (reference-compatible names, as in the reference {@code config.yaml}) plus the nested
 * {@code multi_gamma:} block; {@link ConfigSchema} maps each key to its group. What TD-MPC2 derives
 * from the run once (discount, planner iterations) is {@code agent.tdmpc2.Tdmpc2Spec}.
 */
public record Tdmpc2Config(
        TrainingConfig training,
        PlannerConfig planner,
        ModelConfig model,
        MultiGammaConfig multiGamma) {

    public Tdmpc2Config {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(multiGamma, "multiGamma");
    }

    public Tdmpc2Config withModel(ModelConfig newModel) {
        return new Tdmpc2Config(training, planner, newModel, multiGamma);
    }
}
