package org.mbrl4j.train;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.PolicyPriorUpdate;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.TrainerConfig;

/**
 * The updates a trainer runs at an agent step (docs/training-features.md): full updates by the agent's
 * {@link Agent#updateSchedule()} scaled by {@code utd} ({@link UpdateRatio}), and
 * {@code policy_updates_per_step} policy-only updates ({@link PolicyPriorUpdate}) at every step from
 * seed_steps on (at seed_steps after the pretraining burst, so that train.csv's first row has their columns).
 */
final class UpdatePlan {
    private final UpdateRatio ratio;
    private final int policyUpdatesPerStep;
    private final Optional<PolicyPriorUpdate> policy;

    /**
     * Turns on the agent's gradient logging when log_grads is set.
     *
     * @throws ConfigException when policy_updates_per_step or log_grads is set for an agent without that feature
     */
    UpdatePlan(TrainerConfig config, Agent agent) {
        this.ratio = new UpdateRatio(config.utd());
        this.policyUpdatesPerStep = config.policyUpdatesPerStep();
        this.policy = agent.policyPriorUpdate();
        if (config.logGrads() && !agent.enableGradientLogging()) {
            throw ConfigException.of("log_grads", "log_grads=true: algorithm " + agent.algorithm().yamlName()
                    + " has no gradient statistics to log; set log_grads=false");
        }
        if (policyUpdatesPerStep > 0 && policy.isEmpty()) {
            throw ConfigException.of("policy_updates_per_step", "policy_updates_per_step=" + policyUpdatesPerStep
                    + ": algorithm " + agent.algorithm().yamlName() + " has no policy prior to update alone;"
                    + " set policy_updates_per_step=0");
        }
    }

    /** Full updates at {@code step} ({@link UpdateRatio#updatesAt}). */
    int updatesAt(Agent agent, long step, int seedSteps) {
        return ratio.updatesAt(agent.updateSchedule(), step, seedSteps);
    }

    /** Policy-only updates at {@code step}: policy_updates_per_step from seed_steps on, else 0. */
    int policyUpdatesAt(long step, int seedSteps) {
        return step >= seedSteps ? policyUpdatesPerStep : 0;
    }

    /** One policy-only update on {@code batch}. */
    Map<String, Double> updatePolicy(Batch batch) {
        return policy.orElseThrow().updatePolicy(batch);
    }

    /** The console line of the features in use, or empty when all are off. */
    Optional<String> describe() {
        if (ratio.utd() == 1.0 && policyUpdatesPerStep == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "updates: utd=%s (effective %.4g updates per agent"
                + " step after seed_steps), %d policy-only updates per step", CsvLog.format(ratio.utd()),
                ratio.effective(), policyUpdatesPerStep));
    }
}
