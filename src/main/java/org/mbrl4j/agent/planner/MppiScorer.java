package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The docs/planner.md scorer (common/planner/planner.py) that TD-MPC2 plans with: frozen policy seeds,
 * values of head 0 with the Q bootstrap, the dynamics-head disagreement bonus in training, softmax
 * elite weights over scores divided by a temperature, and in evaluation the argmax candidate, in
 * training an elite drawn from the final weights. No exploration noise.
 */
public final class MppiScorer implements BlockedScorer {
    private final PlanningModel model;
    private final MppiSettings settings;
    private final Scoring scoring;
    private final BlockedRolloutScoring blocked;

    public MppiScorer(PlanningModel model, MppiSettings settings) {
        if (model.dynamicsHeads() != settings.dynamicsHeads()) {
            throw new IllegalArgumentException("planner: the model has " + model.dynamicsHeads()
                    + " dynamics heads but planner_num_dynamics_heads=" + settings.dynamicsHeads());
        }
        this.model = model;
        this.settings = settings;
        this.scoring = new Scoring(model, settings.discount());
        this.blocked = new BlockedRolloutScoring(model, settings, scoring);
    }

    @Override
    public LatentModel model() {
        return model;
    }

    @Override
    public int numFixedCandidates() {
        return settings.numSeeds();
    }

    /** Policy seeds (iteration 0 only): S rollouts with actions from π, in the iteration's head mode. */
    @Override
    public Rollout fixedCandidates(Pass p, Tensor z0, int horizon, ActMode mode, Rng rng) {
        return settings.numSeeds() > 0 ? model.rolloutLatentsWithPolicy(p, z0, horizon, settings.numSeeds(),
                settings.headMode(mode), rng) : null;
    }

    /** Step 2: rollout_latents(z0, actions=actions_s, head_mode); deterministic, draws nothing. */
    @Override
    public Rollout rollout(Pass p, Tensor z0, Tensor actions, ActMode mode, Rng rng) {
        return model.rolloutLatents(p, z0, actions, settings.headMode(mode));
    }

    /** Steps 4-7 of the iteration loop; the values draw their bootstrap actions and Q pair from {@code rng}. */
    @Override
    public CandidateScores score(Pass p, Rollout candidates, ActMode mode, Rng rng) {
        Graph g = p.graph();
        Tensor latentsCat = candidates.latents();
        int heads = requireHeads(latentsCat);
        // 4) latents_head0 = latents_cat[0] (head 0 is the leading block: a view)
        Tensor latentsHead0 = latentsCat.rows(0, 1).reshape(latentsCat.dim(1), latentsCat.dim(2), latentsCat.dim(3));
        // 5) values of head 0
        Scoring.Values values = scoring.computeValuesHead0(p, latentsHead0, candidates.actions(), rng);
        // 6) disagreement over the final latents, training with D > 1 only
        Tensor dis = mode == ActMode.TRAIN && heads > 1 ? Scoring.computeDisagreement(g, finalLatents(g, latentsCat))
                : null;
        // 7) scores = combine_scores(values_scaled, dis, lambda_d)
        Tensor scores = Scoring.combineScores(g, values.scaled(), dis, settings.lambda(mode));
        return new CandidateScores(values.unscaled(), values.scaled(), dis, scores);
    }

    @Override
    public long candidateBytes(int horizon, ActMode mode) {
        return model.candidateBytes(horizon, settings.headMode(mode));
    }

    /** Steps 2-7 block by block ({@link BlockedRolloutScoring}): the same bits as rollout, concat and score. */
    @Override
    public Scored rolloutAndScore(Pass p, Tensor z0, Tensor sampled, Rollout fixed, int episodes, ActMode mode, Rng rng,
            int blockRows, boolean keepLatents) {
        return blocked.run(p, z0, sampled, fixed, episodes, mode, rng, blockRows, keepLatents);
    }

    @Override
    public EliteWeighting weighting(ActMode mode) {
        return new EliteWeighting.Softmax(settings.temperature(mode));
    }

    /** Eval: scores.argmax(); train: an elite drawn from softmax(scores[elites] / temp). */
    @Override
    public ActionChoice choice(ActMode mode) {
        return mode == ActMode.EVAL ? ActionChoice.BEST_ELITE : ActionChoice.DRAWN_ELITE;
    }

    /** latents_cat[:, :, -1, :]: (D, C, T+1, L) → (D, C, L). */
    private static Tensor finalLatents(Graph g, Tensor latentsCat) {
        int t = latentsCat.dim(2) - 1;
        return g.view(LayoutFn.slice(g, latentsCat, 2, t, 1), latentsCat.dim(0), latentsCat.dim(1), latentsCat.dim(3));
    }

    /** Assertion of docs/planner.md#plan-algorithm: latents_cat.shape[0] in {1, planner_num_dynamics_heads}. */
    private int requireHeads(Tensor latentsCat) {
        int h = latentsCat.dim(0);
        if (h != 1 && h != settings.dynamicsHeads()) {
            throw new IllegalStateException("planner: latents_cat has " + h + " heads, expected 1 or "
                    + "planner_num_dynamics_heads=" + settings.dynamicsHeads());
        }
        return h;
    }
}
