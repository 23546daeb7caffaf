package org.mbrl4j.agent.planner;

import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * What the CEM scorer ({@link CemScorer}) needs from a model: latent dynamics that roll out given
 * action sequences, and a reward head. No value function, no policy. The planner calls both methods
 * inside {@code g.noGrad()} with an eval-mode {@link Pass}.
 */
public interface LatentRewardModel extends LatentModel {

    /**
     * z0 (L) or (1, L), actions (N, T, A) → latents (1, N, T+1, L) with index 0 along T+1 equal to
     * z0, and the actions unchanged. A stochastic transition (e.g. an RSSM prior) draws from
     * {@code rng}, the planner's stream.
     */
    Rollout rollout(Pass p, Tensor z0, Tensor actions, Rng rng);

    /**
     * The predicted reward of each of the T steps of every rolled-out sequence: (N, T). The model
     * decides which latent a step's reward reads (r(z_t, a_t) or r(z_{t+1})).
     */
    Tensor predictedRewards(Pass p, Rollout rollout);
}
