package org.mbrl4j.agent.planner;

import java.util.Arrays;

/**
 * PlannerBasicInfo of docs/planner.md#infos: statistics over the final iteration's elite set. The disagreement
 * fields are null when no disagreement was computed (evaluation, or a single dynamics head).
 *
 * @param valueChosen value (unscaled, = scaled) of the chosen candidate; a CEM plan acts with its final
 *     mean, which is no candidate, and reports its best elite's value
 * @param disagreementChosen disagreement of the chosen candidate, or null
 * @param valueEliteMean mean of the elites' values
 * @param valueEliteStd std of the elites' values, Bessel-corrected as torch's default {@code std()}
 *     (0 for a single elite)
 * @param valueEliteMax max of the elites' values
 * @param numElites K
 * @param eliteIndices int64[K]: candidate indices of the elites, scores descending
 */
public record PlannerBasicInfo(double valueChosen, Double disagreementChosen, double valueEliteMean,
        double valueEliteStd, double valueEliteMax, Double disagreementEliteMean, Double disagreementEliteStd,
        Double disagreementEliteMax, int numElites, long[] eliteIndices) implements PlannerInfo {

    public PlannerBasicInfo {
        boolean anyDis = disagreementChosen != null || disagreementEliteMean != null || disagreementEliteStd != null
                || disagreementEliteMax != null;
        boolean allDis = disagreementChosen != null && disagreementEliteMean != null && disagreementEliteStd != null
                && disagreementEliteMax != null;
        if (anyDis != allDis) {
            throw new IllegalArgumentException("PlannerBasicInfo: the disagreement fields must be all set or all null");
        }
        if (eliteIndices == null || eliteIndices.length != numElites) {
            throw new IllegalArgumentException("PlannerBasicInfo: elite_indices must have num_elites=" + numElites
                    + " entries, got " + (eliteIndices == null ? "null" : eliteIndices.length));
        }
        eliteIndices = eliteIndices.clone();
    }

    /** A copy of the elite indices. */
    @Override
    public long[] eliteIndices() {
        return eliteIndices.clone();
    }

    public boolean hasDisagreement() {
        return disagreementChosen != null;
    }

    @Override
    public PlannerBasicInfo basic() {
        return this;
    }

    @Override
    public String toString() {
        return "PlannerBasicInfo[value_chosen=" + valueChosen + ", disagreement_chosen=" + disagreementChosen
                + ", value_elite_mean=" + valueEliteMean + ", value_elite_std=" + valueEliteStd + ", value_elite_max="
                + valueEliteMax + ", disagreement_elite_mean=" + disagreementEliteMean + ", disagreement_elite_std="
                + disagreementEliteStd + ", disagreement_elite_max=" + disagreementEliteMax + ", num_elites="
                + numElites + ", elite_indices=" + Arrays.toString(eliteIndices) + "]";
    }
}
