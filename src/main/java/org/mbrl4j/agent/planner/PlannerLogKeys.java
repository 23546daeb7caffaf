package org.mbrl4j.agent.planner;

import java.util.LinkedHashMap;
import java.util.Map;

/** The logger keys of docs/planner.md#log-keys (Logger.log_planner_info). */
public final class PlannerLogKeys {
    public static final String VALUE_CHOSEN = "planner/value_chosen";
    public static final String DISAGREEMENT_CHOSEN = "planner/disagreement_chosen";
    public static final String VALUE_ELITE_MEAN = "planner/value_elite_mean";
    public static final String VALUE_ELITE_STD = "planner/value_elite_std";
    public static final String VALUE_ELITE_MAX = "planner/value_elite_max";
    public static final String DISAGREEMENT_ELITE_MEAN = "planner/disagreement_elite_mean";
    public static final String DISAGREEMENT_ELITE_STD = "planner/disagreement_elite_std";
    public static final String DISAGREEMENT_ELITE_MAX = "planner/disagreement_elite_max";
    public static final String NUM_ELITES = "planner/num_elites";

    private PlannerLogKeys() {}

    /** The scalars in the spec's order; the disagreement keys only when available. */
    public static Map<String, Double> scalars(PlannerBasicInfo info) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(VALUE_CHOSEN, info.valueChosen());
        if (info.hasDisagreement()) {
            m.put(DISAGREEMENT_CHOSEN, info.disagreementChosen());
        }
        m.put(VALUE_ELITE_MEAN, info.valueEliteMean());
        m.put(VALUE_ELITE_STD, info.valueEliteStd());
        m.put(VALUE_ELITE_MAX, info.valueEliteMax());
        if (info.hasDisagreement()) {
            m.put(DISAGREEMENT_ELITE_MEAN, info.disagreementEliteMean());
            m.put(DISAGREEMENT_ELITE_STD, info.disagreementEliteStd());
            m.put(DISAGREEMENT_ELITE_MAX, info.disagreementEliteMax());
        }
        m.put(NUM_ELITES, (double) info.numElites());
        return m;
    }
}
