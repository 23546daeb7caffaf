package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The plain cross-entropy method that PlaNet plans with: a candidate's score is the sum of its
 * predicted rewards over the horizon (no value bootstrap, no disagreement, no policy seeds; no
 * discount unless one is given, as PlaNet-lite's CEM_GAMMA), the top-K elites weigh 1/K each, and the plan acts with the first action of the final
 * mean. Exploration noise, if any, is the agent's to add.
 */
public final class CemScorer implements Scorer {
    private final LatentRewardModel model;
    /** γ of the score Σ_t γ^t·r̂_t; 1 (PlaNet) sums the rewards as they are. */
    private final float discount;

    public CemScorer(LatentRewardModel model) {
        this(model, 1.0);
    }

    /**
     * A CEM that scores a candidate by its discounted predicted return Σ_{t<T} γ^t·r̂_t (the Pendulum
     * notebook's CEM_GAMMA, docs/planet-lite.md#cem); {@code discount} 1 is the plain sum.
     */
    public CemScorer(LatentRewardModel model, double discount) {
        if (model == null) {
            throw new IllegalArgumentException("CEM scorer: model must not be null");
        }
        if (!(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("CEM scorer: discount=" + discount + " must be in (0, 1]");
        }
        this.model = model;
        this.discount = (float) discount;
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

    /** R = Σ_{t<T} γ^t·r̂_t for each candidate (N); with γ = 1 the plain sum. */
    @Override
    public CandidateScores score(Pass p, Rollout candidates, ActMode mode, Rng rng) {
        Tensor actions = candidates.actions();
        Tensor rewards = model.predictedRewards(p, candidates);
        Shapes.requireShape("CEM scorer", "predicted rewards", rewards, actions.dim(0), actions.dim(1));
        if (discount != 1f) {
            rewards = PointwiseFn.mul(p.graph(), rewards, p.graph().constant(discountPowers(actions.dim(1)),
                    actions.dim(1)));
        }
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

    /** [γ^0, ..., γ^{T-1}], accumulated in double. */
    private float[] discountPowers(int t) {
        float[] d = new float[t];
        double g = 1;
        for (int i = 0; i < t; i++) {
            d[i] = (float) g;
            g *= discount;
        }
        return d;
    }
}
