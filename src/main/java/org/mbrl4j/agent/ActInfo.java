package org.mbrl4j.agent;

import java.util.Map;

/**
 * What an agent reports about its most recent {@code act}: log scalars keyed by name
 * ({@code planner/value_chosen}, {@code planner/num_elites}, ...), which the trainer averages into
 * {@code planner.jsonl}. {@link #NONE} when the last act did not plan.
 */
@FunctionalInterface
public interface ActInfo {
    /** The info of an act that did not plan (a policy prior acted, or nothing has acted yet). */
    ActInfo NONE = Map::of;

    /** Scalars to log, in a stable order; keys that do not apply to this act are absent. */
    Map<String, Double> logScalars();
}
