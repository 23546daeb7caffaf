package org.mbrl4j.agent.planner;

import java.util.Objects;

/**
 * PlannerAdvancedInfo of docs/planner.md#infos: the basic info plus host copies of the final iteration's arrays,
 * row-major, with their shapes from the dims below (C = S + N candidates).
 *
 * @param actionsAll float32[C, T, A]
 * @param latentsAll float32[D, C, T+1, L]
 * @param valuesAllUnscaled float32[C]
 * @param valuesAllScaled float32[C]: equals the unscaled values (scaling deferred, docs/planner.md#values-of-head-0)
 * @param disagreementsAll float32[C], or null when no disagreement was computed
 * @param rawScores float32[C]: the combined scores the elites were ranked by
 */
public record PlannerAdvancedInfo(PlannerBasicInfo basic, int candidates, int horizon, int actionDim, int heads,
        int latentDim, float[] actionsAll, float[] latentsAll, float[] valuesAllUnscaled, float[] valuesAllScaled,
        float[] disagreementsAll, float[] rawScores) implements PlannerInfo {

    public PlannerAdvancedInfo {
        Objects.requireNonNull(basic, "basic");
        requireLength("actions_all", actionsAll, (long) candidates * horizon * actionDim);
        requireLength("latents_all", latentsAll, (long) heads * candidates * (horizon + 1) * latentDim);
        requireLength("values_all_unscaled", valuesAllUnscaled, candidates);
        requireLength("values_all_scaled", valuesAllScaled, candidates);
        requireLength("raw_scores", rawScores, candidates);
        if (disagreementsAll != null) {
            requireLength("disagreements_all", disagreementsAll, candidates);
        }
    }

    private static void requireLength(String name, float[] a, long expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException("PlannerAdvancedInfo: " + name + " must have " + expected
                    + " values, got " + (a == null ? "null" : a.length));
        }
    }

    public int[] actionsAllShape() {
        return new int[] {candidates, horizon, actionDim};
    }

    public int[] latentsAllShape() {
        return new int[] {heads, candidates, horizon + 1, latentDim};
    }

    /** actions_all[e][t][a]. */
    public float action(int e, int t, int a) {
        return actionsAll[(e * horizon + t) * actionDim + a];
    }
}
