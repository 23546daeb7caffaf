package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * What sets one sampling planner apart from another: the candidates it keeps fixed for a plan, how it
 * rolls out and scores candidates, how the elites are weighted in the refit and which action it acts
 * with. The {@link Planner} owns everything else (warm start, Gaussian sampling, elite selection and
 * refit, the random stream, the infos). Implementations: {@link MppiScorer} (docs/planner.md, TD-MPC2) and
 * {@link CemScorer} (plain CEM, PlaNet).
 *
 * <p>Every method runs inside the planner's {@code g.noGrad()} with an eval-mode {@link Pass}; every
 * random draw comes from the {@link Rng} passed in, the planner's stream.
 */
public interface Scorer {

    /** The model the scorer plans over. */
    LatentModel model();

    /** S: how many candidates {@link #fixedCandidates} adds to each iteration (0 for none). */
    int numFixedCandidates();

    /**
     * The S candidates rolled out once per plan call, before the iterations, and kept (frozen) in
     * every iteration ahead of the Gaussian samples; null when {@link #numFixedCandidates} is 0.
     */
    Rollout fixedCandidates(Pass p, Tensor z0, int horizon, ActMode mode, Rng rng);

    /** Rolls the sampled actions (N, T, A) out from z0: latents (D, N, T+1, L). */
    Rollout rollout(Pass p, Tensor z0, Tensor actions, ActMode mode, Rng rng);

    /** Scores every candidate: the fixed ones first, then the sampled ones, C = S + N in all. */
    CandidateScores score(Pass p, Rollout candidates, ActMode mode, Rng rng);

    /** How the top-K elites are weighted when the mean and std are refit. */
    EliteWeighting weighting(ActMode mode);

    /** Which action the plan returns after the last iteration. */
    ActionChoice choice(ActMode mode);
}
