package org.mbrl4j.train;

import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActInfoSums;
import org.mbrl4j.agent.Agent;

/**
 * The planner statistics of one act, keyed as in docs/planner.md#log-keys, the logger integration
 * ({@code planner/value_chosen}, {@code planner/value_elite_mean}, ..., {@code planner/num_elites}); keys
 * that do not apply (disagreement in evaluation) are absent. An empty map means the act did not plan
 * (policy prior, or a planner without statistics). The trainer asks after every act, training and
 * evaluation, and writes means to {@code planner.jsonl} ({@link PlannerLog}), unless the agent sums them
 * on its device ({@link #deviceSums}).
 */
@FunctionalInterface
public interface PlannerInfoSource {
    Map<String, Double> scalars(ActInfo info);

    /** The act's own scalars ({@link ActInfo#logScalars()}). */
    PlannerInfoSource AGENT = ActInfo::logScalars;

    /** No planner statistics: {@code planner.jsonl} is not written. */
    PlannerInfoSource NONE = info -> Map.of();

    /**
     * The agent's device sums of its planner infos ({@link Agent#actInfoSums()}) when {@code source} is
     * {@link #AGENT}: then the trainer reads them once per {@code planner.jsonl} record instead of asking
     * after every act. Empty for any other source, or an agent without device sums.
     */
    static Optional<ActInfoSums> deviceSums(PlannerInfoSource source, Agent agent) {
        return source == AGENT ? agent.actInfoSums() : Optional.empty();
    }
}
