package org.mbrl4j.agent.planner;

import java.util.Map;

/**
 * A plan call's info: spec 000's PlannerBasicInfo, or PlannerAdvancedInfo (which extends it there;
 * here it holds the basic record). Logged with {@link #logScalars()}.
 */
public sealed interface PlannerInfo extends org.mbrl4j.agent.ActInfo permits PlannerBasicInfo, PlannerAdvancedInfo {

    /** The basic fields (the record itself for a basic info). */
    PlannerBasicInfo basic();

    /** The logger scalars of spec 000 "Logger Integration" ({@link PlannerLogKeys}). */
    default Map<String, Double> logScalars() {
        return PlannerLogKeys.scalars(basic());
    }
}
