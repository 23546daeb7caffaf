package org.mbrl4j.agent.planner;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Post-iterations (docs/planner.md#post-iteration-selection): the action choice and what the infos are
 * built from, written on device into {@link PlanOutputs} (copies and index selections only, so the bits
 * are those of the candidates): the chosen first action, the final weights, the elites' indices,
 * values and disagreements, and the drawn elite position. Nothing is read back here; the infos are
 * built on the host when read ({@link DeferredPlannerInfo}), the detailed ones at once.
 */
final class PlannerInfos {
    private PlannerInfos() {}

    /**
     * Writes episode e's results into {@code out}. BEST_ELITE acts with elite 0 (scores.argmax(): top-k
     * is descending with ties to the smaller index, as torch's argmax); DRAWN_ELITE with an elite drawn
     * from the final weights with {@code drawKey} (one categorical draw); MEAN_FIRST_ACTION with mean[0]
     * of the final refit, reporting its best elite (the mean is no candidate and is not scored).
     *
     * @param checkBeforeDraw read the K weights back and throw before drawing when one is not finite (an
     *     eager plan: the CPU's categorical rejects such weights); a captured plan leaves the check to
     *     {@link Planner#collect}, which reads them back with the action
     * @throws Planner.NonFiniteWeightsException when checking and a weight is not finite
     */
    static void write(Graph g, Iteration it, ActionChoice choice, PhiloxKey drawKey, boolean checkBeforeDraw,
            PlanOutputs out, int e) {
        Backend be = g.backend();
        EliteRefit.Refit r = it.refit();
        Tensor elites = r.eliteIndices(); // (K)
        int k = elites.dim(0);
        be.copy(elites, out.eliteIndices(e));
        be.copy(r.weights(), out.weights(e));
        CandidateScores s = it.scores();
        be.layout().indexSelect(s.valuesUnscaled(), 0, elites, out.eliteValues(e));
        if (s.disagreements() != null) {
            be.layout().indexSelect(s.disagreements(), 0, elites, out.eliteDisagreements(e));
        }
        Tensor first = switch (choice) {
            case BEST_ELITE -> {
                be.fill(out.pick(e), 0f);
                yield firstAction(LayoutFn.indexSelect(g, it.actionsCat(), 0, elites.rows(0, 1)));
            }
            case DRAWN_ELITE -> {
                if (checkBeforeDraw) {
                    for (float x : be.toArray(r.weights())) {
                        if (!Float.isFinite(x)) {
                            throw new Planner.NonFiniteWeightsException(x);
                        }
                    }
                }
                be.random().categorical(drawKey, r.weights().reshape(1, k), out.pick(e));
                Tensor eliteActions = LayoutFn.indexSelect(g, it.actionsCat(), 0, elites); // (K, T, A)
                yield firstAction(LayoutFn.indexSelect(g, eliteActions, 0, out.pick(e)));
            }
            case MEAN_FIRST_ACTION -> {
                be.fill(out.pick(e), 0f);
                yield firstAction(r.mean());
            }
        };
        be.copy(first, out.action(e));
    }

    /** The first A values of a (1, T, A) sequence or a (T, A) mean: its first action, a view. */
    private static Tensor firstAction(Tensor sequence) {
        int a = sequence.dim(-1);
        return sequence.reshape(Math.toIntExact(sequence.numel())).rows(0, a);
    }

    static PlannerBasicInfo basic(float[] eliteValues, float[] eliteDis, int[] elites, int pick) {
        EliteStats v = EliteStats.of(eliteValues);
        EliteStats d = eliteDis == null ? null : EliteStats.of(eliteDis);
        long[] indices = new long[elites.length];
        for (int i = 0; i < elites.length; i++) {
            indices[i] = elites[i];
        }
        return new PlannerBasicInfo(eliteValues[pick], d == null ? null : (double) eliteDis[pick], v.mean(), v.std(),
                v.max(), d == null ? null : d.mean(), d == null ? null : d.std(), d == null ? null : d.max(),
                elites.length, indices);
    }

    /** The detailed info of a detailed-logging step: reads back the whole final iteration. */
    static PlannerAdvancedInfo advanced(Graph g, Iteration it, PlannerBasicInfo basic) {
        Backend be = g.backend();
        Tensor actions = it.actionsCat(); // (C, T, A)
        Tensor latents = it.latentsCat(g); // (D, C, T+1, L)
        CandidateScores s = it.scores();
        return new PlannerAdvancedInfo(basic, actions.dim(0), actions.dim(1), actions.dim(2), latents.dim(0),
                latents.dim(3), be.toArray(actions), be.toArray(latents), be.toArray(s.valuesUnscaled()),
                be.toArray(s.valuesScaled()), s.disagreements() == null ? null : be.toArray(s.disagreements()),
                be.toArray(s.combined()));
    }
}
