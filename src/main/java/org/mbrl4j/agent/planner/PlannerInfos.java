package org.mbrl4j.agent.planner;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.Tensor;

/**
 * Post-iterations (docs/planner.md#post-iteration-selection), after the action choice: the chosen action and the infos, built
 * from the final iteration. Downloads only what they report: K elite indices, values and
 * disagreements, the A floats of the chosen action, and the full arrays on detailed-logging steps.
 */
final class PlannerInfos {
    private PlannerInfos() {}

    /**
     * Acting with an elite: its first action, actions_cat[chosen_idx][0].
     *
     * @param pick position of the chosen candidate within the final elites
     * @param detailed build a PlannerAdvancedInfo
     */
    static PlanResult eliteResult(Graph g, Iteration it, int pick, boolean detailed) {
        Backend be = g.backend();
        int[] elites = be.toIntArray(it.refit().eliteIndices());
        PlannerInfo info = info(g, it, elites, pick, detailed);
        return new PlanResult(chosenAction(g, it.actionsCat(), elites[pick]), info);
    }

    /**
     * Acting with the final mean's first action, mean[0] (the CEM). The mean is no candidate and is not
     * scored, so the info's chosen value and disagreement are those of the best elite.
     */
    static PlanResult meanResult(Graph g, Iteration it, boolean detailed) {
        Backend be = g.backend();
        int[] elites = be.toIntArray(it.refit().eliteIndices());
        PlannerInfo info = info(g, it, elites, 0, detailed);
        return new PlanResult(be.toArray(LayoutFn.slice(g, it.refit().mean(), 0, 0, 1)), info);
    }

    private static PlannerInfo info(Graph g, Iteration it, int[] elites, int pick, boolean detailed) {
        Backend be = g.backend();
        Tensor eliteIdx = it.refit().eliteIndices();
        CandidateScores s = it.scores();
        float[] eliteValues = be.toArray(LayoutFn.indexSelect(g, s.valuesUnscaled(), 0, eliteIdx));
        float[] eliteDis = s.disagreements() == null ? null
                : be.toArray(LayoutFn.indexSelect(g, s.disagreements(), 0, eliteIdx));
        PlannerBasicInfo basic = basic(eliteValues, eliteDis, elites, pick);
        return detailed ? advanced(g, it, basic) : basic;
    }

    /** chosen_action = actions_cat[chosen_idx][0]: float32[A]. */
    private static float[] chosenAction(Graph g, Tensor actionsCat, int chosen) {
        Tensor row = LayoutFn.indexSelect(g, actionsCat, 0, g.constant(new int[] {chosen}, 1)); // (1, T, A)
        return g.backend().toArray(LayoutFn.slice(g, row, 1, 0, 1));
    }

    private static PlannerBasicInfo basic(float[] eliteValues, float[] eliteDis, int[] elites, int pick) {
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

    private static PlannerAdvancedInfo advanced(Graph g, Iteration it, PlannerBasicInfo basic) {
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
