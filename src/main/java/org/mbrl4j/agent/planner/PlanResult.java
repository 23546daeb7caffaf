package org.mbrl4j.agent.planner;

import java.util.Objects;

/**
 * What plan() returns (docs/planner.md#post-iteration-selection): the chosen action and the info.
 *
 * @param action float32[A]: actions_cat[chosen_idx][0], a host copy
 * @param info a {@link PlannerAdvancedInfo} on detailed-logging steps, else a {@link PlannerBasicInfo}
 */
public record PlanResult(float[] action, PlannerInfo info) {

    public PlanResult {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(info, "info");
    }
}
