package org.mbrl4j.train;

import java.util.Map;
import org.mbrl4j.agent.ActInfo;

/**
 * The planner statistics of one act, keyed as in docs/planner.md#log-keys, the logger integration
 * ({@code planner/value_chosen}, {@code planner/value_elite_mean}, ..., {@code planner/num_elites}); keys
 * that do not apply (disagreement in evaluation) are absent. An empty map means the act did not plan
 * (policy prior, or a planner without statistics). The trainer asks after every act, training and
 * evaluation, and writes means to {@code planner.jsonl} ({@link PlannerLog}).
 */
@FunctionalInterface
public interface PlannerInfoSource {
    Map<String, Double> scalars(ActInfo info);

    /** The act's own scalars ({@link ActInfo#logScalars()}). */
    PlannerInfoSource AGENT = ActInfo::logScalars;

    /** No planner statistics: {@code planner.jsonl} is not written. */
    PlannerInfoSource NONE = info -> Map.of();
}
