package org.mbrl4j.agent.planner;

import java.util.Map;

/**
 * A plan call's info: the PlannerBasicInfo of docs/planner.md#infos, or PlannerAdvancedInfo (which extends it there;
 * here it holds the basic record). Logged with {@link #logScalars()}.
 */
public sealed interface PlannerInfo extends org.mbrl4j.agent.ActInfo permits PlannerBasicInfo, PlannerAdvancedInfo,
        DeferredPlannerInfo {

    /** The basic fields (the record itself for a basic info). */
    PlannerBasicInfo basic();

    /** The logger scalars of docs/planner.md#log-keys ({@link PlannerLogKeys}). */
    default Map<String, Double> logScalars() {
        return PlannerLogKeys.scalars(basic());
    }
}
