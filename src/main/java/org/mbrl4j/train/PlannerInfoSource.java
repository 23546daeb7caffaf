package org.mbrl4j.train;

import java.util.Map;
import java.util.function.Function;
import org.mbrl4j.agent.Agent;

/**
 * The statistics of the agent's most recent {@code act} call, keyed as in docs/planner.md#log-keys, the logger
 * integration ({@code planner/value_chosen}, {@code planner/value_elite_mean}, ...,
 * {@code planner/num_elites}); keys that do not apply (disagreement in evaluation) are absent. An
 * empty map means the last act did not plan (policy prior, or a planner without statistics). The
 * trainer asks after every act and writes means to {@code planner.jsonl} ({@link PlannerLog}).
 */
@FunctionalInterface
public interface PlannerInfoSource {
    Map<String, Double> lastPlannerInfo();

    /** No planner statistics: {@code planner.jsonl} is not written. */
    PlannerInfoSource NONE = Map::of;

    /** How the trainer gets a source for the agent it builds. */
    @FunctionalInterface
    interface Factory extends Function<Agent, PlannerInfoSource> {
        Factory NONE = agent -> PlannerInfoSource.NONE;

        /** The scalars of the agent's {@code lastActInfo()}; none when its last act did not plan. */
        Factory AGENT = agent -> () -> agent.lastActInfo().logScalars();
    }
}
