package org.mbrl4j.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.ParameterResets;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.TrainerConfig;

/**
 * When the trainer resets the agent's parameters (docs/training-features.md#resets): after the updates of every
 * agent step (offline: iteration) step &gt; seed_steps with step % reset_every == 0, reset number
 * step / reset_every of reset_components with θ ← reset_alpha·θ + reset_beta·θ₀ ({@link ParameterResets}). A pure
 * function of the step, so a resumed run resets where an uninterrupted one does. Each reset prints a line and
 * marks train.csv: the {@value #MARKER} column, a value per learning step (1 at a step that ended with a reset,
 * else 0) averaged over the row like every metric, is above 0 exactly in the rows whose interval holds a reset
 * (1/log_every for one reset in a full row).
 */
final class ResetSchedule {
    static final String MARKER = "reset";

    private final ParameterResets resets;
    private final int every;
    private final List<String> components;
    private final double alpha;
    private final double beta;

    private ResetSchedule(ParameterResets resets, TrainerConfig config) {
        this.resets = resets;
        this.every = config.resetEvery();
        this.components = config.resetComponentList();
        this.alpha = config.resetAlpha();
        this.beta = config.resetBeta();
    }

    /**
     * The resets of a run, or empty when reset_every is 0.
     *
     * @throws ConfigException when the agent has no resets or a component is not one of the agent's
     */
    static Optional<ResetSchedule> of(TrainerConfig config, Agent agent) {
        if (config.resetEvery() == 0) {
            return Optional.empty();
        }
        ParameterResets resets = agent.parameterResets().orElseThrow(() -> ConfigException.of("reset_every",
                "reset_every=" + config.resetEvery() + ": algorithm " + agent.algorithm().yamlName()
                + " has no parameter resets; set reset_every=0"));
        for (String c : config.resetComponentList()) {
            if (!resets.components().contains(c)) {
                throw ConfigException.of("reset_components", "reset_components=" + config.resetComponents() + ": '"
                        + c + "' is not a component of this model; choose from " + String.join(", ",
                        resets.components()));
            }
        }
        return Optional.of(new ResetSchedule(resets, config));
    }

    /** After the updates of learning step {@code step} (&ge; seed_steps): the reset when one is due, and the marker. */
    void after(long step, int seedSteps, TrainingLogs logs, ProgressLine progress) {
        if (step < seedSteps) {
            return;
        }
        if (step == seedSteps || step % every != 0) {
            logs.update(Map.of(MARKER, 0.0));
            return;
        }
        long number = step / every;
        resets.reset(components, alpha, beta, number);
        logs.update(Map.of(MARKER, 1.0));
        progress.message(String.format(Locale.ROOT, "reset %d at step %d: %s <- %s * theta + %s * theta0 (fresh init),"
                + " their optimizer moments zeroed", number, step, String.join(", ", components),
                CsvLog.format(alpha), CsvLog.format(beta)));
    }
}
