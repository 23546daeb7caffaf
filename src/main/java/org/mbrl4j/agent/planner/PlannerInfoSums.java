package org.mbrl4j.agent.planner;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.agent.ActInfoTotals;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.tensor.Tensor;

/**
 * The scalar planner infos of docs/planner.md#log-keys summed on device across the plans of one act
 * mode (docs/planner.md#infos-summed-on-device), so that a captured plan reads nothing back for its
 * infos and the trainer downloads them once per record ({@link #drain}). A persistent F32 (8) at a fixed
 * address: value chosen, elite mean, std, max, then the same four of the disagreements; the acts are
 * counted on the host ({@link #counted}), num_elites is K per act.
 *
 * <p>Each plan adds its statistics computed in float from the elite values it left in {@link PlanOutputs}
 * (the chosen one by index, the mean, the Bessel-corrected std as exp(log(var)/2), the max by top-1),
 * where {@link EliteStats} computes them in double. With u = 2^-24, n acts, K elites and M the largest
 * |value| of the key's elites over the acts, each mean differs from the per-act path by at most
 * (n + 2K + 16)·2u·M: n from the float running sum, K from the float reductions of one act, the
 * rest from log, exp and the scale (the std's error from a perturbed elite mean is second order).
 */
final class PlannerInfoSums {
    private static final int STATS = 4;

    private final Backend backend;
    private final int k;
    /** (2·4): value chosen, mean, std, max; disagreement chosen, mean, std, max. */
    private final Tensor sums;
    private long acts;
    private long disagreementActs;

    PlannerInfoSums(Backend backend, int numElites) {
        this.backend = backend;
        this.k = numElites;
        this.sums = backend.zeros(2 * STATS);
    }

    /** Adds episode e's statistics from {@code out} to the device sums (device ops only: capturable). */
    void add(Graph g, PlanOutputs out, int e, boolean disagreements) {
        accumulate(g, out.eliteValues(e), out.pick(e), sums.rows(0, STATS));
        if (disagreements) {
            accumulate(g, out.eliteDisagreements(e), out.pick(e), sums.rows(STATS, STATS));
        }
    }

    /** Counts acts on the host: the plan that {@link #add} was (or a replay of its capture) ran. */
    void counted(int episodes, boolean disagreements) {
        acts += episodes;
        if (disagreements) {
            disagreementActs += episodes;
        }
    }

    /** The sums since the last drain (one download) and a fresh start. */
    ActInfoTotals drain() {
        if (acts == 0) {
            return ActInfoTotals.EMPTY;
        }
        float[] s = backend.toArray(sums);
        Map<String, Double> total = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        put(total, counts, PlannerLogKeys.VALUE_CHOSEN, s[0], acts);
        put(total, counts, PlannerLogKeys.DISAGREEMENT_CHOSEN, s[STATS], disagreementActs);
        put(total, counts, PlannerLogKeys.VALUE_ELITE_MEAN, s[1], acts);
        put(total, counts, PlannerLogKeys.VALUE_ELITE_STD, s[2], acts);
        put(total, counts, PlannerLogKeys.VALUE_ELITE_MAX, s[3], acts);
        put(total, counts, PlannerLogKeys.DISAGREEMENT_ELITE_MEAN, s[STATS + 1], disagreementActs);
        put(total, counts, PlannerLogKeys.DISAGREEMENT_ELITE_STD, s[STATS + 2], disagreementActs);
        put(total, counts, PlannerLogKeys.DISAGREEMENT_ELITE_MAX, s[STATS + 3], disagreementActs);
        put(total, counts, PlannerLogKeys.NUM_ELITES, (double) k * acts, acts);
        ActInfoTotals totals = new ActInfoTotals(acts, total, counts);
        backend.fill(sums, 0f);
        acts = 0;
        disagreementActs = 0;
        return totals;
    }

    private static void put(Map<String, Double> total, Map<String, Long> counts, String key, double sum, long n) {
        if (n > 0) {
            total.put(key, sum);
            counts.put(key, n);
        }
    }

    /** into (4) += [x[pick], mean(x), std(x), max(x)] for x (K). */
    private void accumulate(Graph g, Tensor x, Tensor pick, Tensor into) {
        Tensor stats = g.temp(STATS);
        backend.layout().indexSelect(x, 0, pick, stats.rows(0, 1));
        Tensor column = x.reshape(k, 1);
        Tensor mean = stats.rows(1, 1);
        backend.reduce().reduce(ReduceOp.MEAN, column, new int[] {0}, mean);
        Tensor std = stats.rows(2, 1);
        if (k == 1) {
            backend.fill(std, 0f);
        } else {
            Tensor diff = g.temp(k, 1);
            backend.pointwise().binary(BinaryOp.SUB, column, mean, diff);
            Tensor square = g.temp(k, 1);
            backend.pointwise().binary(BinaryOp.MUL, diff, diff, square);
            Tensor var = g.temp(1);
            backend.reduce().reduce(ReduceOp.SUM, square, new int[] {0}, var);
            backend.pointwise().unary(UnaryOp.LOG, var, var);
            backend.pointwise().scale(var, 0.5f, var);
            backend.pointwise().unary(UnaryOp.EXP, var, std);
            // sqrt(sum) as exp(log(sum) / 2) (no sqrt op), then / sqrt(K - 1): Bessel's correction
            backend.pointwise().scale(std, (float) (1.0 / Math.sqrt(k - 1)), std);
        }
        backend.select().topk(x.reshape(1, k), 1, stats.rows(3, 1).reshape(1, 1), g.tempInt(1, 1));
        backend.pointwise().binary(BinaryOp.ADD, into, stats, into);
    }
}
