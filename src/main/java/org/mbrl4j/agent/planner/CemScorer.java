package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The plain cross-entropy method that PlaNet plans with: a candidate's score is the sum of its
 * predicted rewards over the horizon (no value bootstrap, no discount, no disagreement, no policy
 * seeds), the top-K elites weigh 1/K each, and the plan acts with the first action of the final
 * mean. Exploration noise, if any, is the agent's to add.
 */
public final class CemScorer implements Scorer {
    private final LatentRewardModel model;

    public CemScorer(LatentRewardModel model) {
        if (model == null) {
            throw new IllegalArgumentException("CEM scorer: model must not be null");
        }
        this.model = model;
    }

    @Override
    public LatentModel model() {
        return model;
    }

    @Override
    public int numFixedCandidates() {
        return 0;
    }

    /** None: every CEM candidate is a Gaussian sample. */
    @Override
    public Rollout fixedCandidates(Pass p, Tensor z0, int horizon, ActMode mode, Rng rng) {
        return null;
    }

    @Override
    public Rollout rollout(Pass p, Tensor z0, Tensor actions, ActMode mode, Rng rng) {
        return model.rollout(p, z0, actions, rng);
    }

    /** R = Σ_{t<T} r̂_t for each candidate (N). */
    @Override
    public CandidateScores score(Pass p, Rollout candidates, ActMode mode, Rng rng) {
        Tensor actions = candidates.actions();
        Tensor rewards = model.predictedRewards(p, candidates);
        Shapes.requireShape("CEM scorer", "predicted rewards", rewards, actions.dim(0), actions.dim(1));
        Tensor returns = ReduceFn.sum(p.graph(), rewards, 1);
        return new CandidateScores(returns, returns, null, returns);
    }

    @Override
    public EliteWeighting weighting(ActMode mode) {
        return new EliteWeighting.Uniform();
    }

    @Override
    public ActionChoice choice(ActMode mode) {
        return ActionChoice.MEAN_FIRST_ACTION;
    }
}
