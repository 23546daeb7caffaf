package org.mbrl4j.agent.planner;

import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * What the docs/planner.md MPPI scorer ({@link MppiScorer}) needs from a world model ("World Model Rollout
 * API" plus the pieces of compute_values_head0). TD-MPC2's {@code WorldModelPlanning} adapter (in
 * {@code agent.tdmpc2}) implements it over its world model; tests implement it analytically. The
 * planner calls every method inside {@code g.noGrad()} with an eval-mode {@link Pass}; every random
 * draw comes from the {@link Rng} it passes in.
 */
public interface PlanningModel extends LatentModel {

    /** Dynamics heads the model has (planner_num_dynamics_heads). */
    int dynamicsHeads();

    /** Whether {@link #terminationLogits} exists and returns are cut at predicted terminations. */
    boolean episodic();

    /**
     * rollout_latents with given actions: z0 (L) or (1, L), actions (N, T, A) → latents
     * (1 or D, N, T+1, L) with index 0 along T+1 equal to z0, and the actions unchanged.
     */
    Rollout rolloutLatents(Pass p, Tensor z0, Tensor actions, RolloutHeadMode mode);

    /** rollout_latents with use_policy: N rollouts of T actions sampled from π, drawn from {@code rng}. */
    Rollout rolloutLatentsWithPolicy(Pass p, Tensor z0, int horizon, int numRollouts, RolloutHeadMode mode, Rng rng);

    /** two_hot_inv(R(z_t, a_t)): z (N, T, L), a (N, T, A) → decoded rewards (N, T). */
    Tensor rewardValues(Pass p, Tensor z, Tensor a);

    /** Termination logits of z (N, T, L) → (N, T); only when {@link #episodic()}. */
    Tensor terminationLogits(Pass p, Tensor z);

    /**
     * The bootstrap Q_avg(z_T, π(z_T)) of docs/tdmpc2.md#value-estimate: a ~ π(z_T) sampled, Q the average of two
     * random online heads (one pair per call): zT (N, L) → (N).
     */
    Tensor bootstrapValue(Pass p, Tensor zT, Rng rng);

    /**
     * The draws {@link #bootstrapValue(Pass, Tensor, Rng)} makes for {@code rows} rows, in its order, so
     * that rows can then be valued in blocks by {@link #bootstrapValue(Pass, Tensor, BootstrapDraws, int)}.
     */
    BootstrapDraws drawBootstrap(Pass p, int rows, Rng rng);

    /**
     * The bootstrap of rows [firstRow, firstRow + zT.dim(0)) of the rows {@code draws} was made for:
     * bit for bit those rows of the one-call {@link #bootstrapValue(Pass, Tensor, Rng)}. zT (n, L) → (n).
     */
    Tensor bootstrapValue(Pass p, Tensor zT, BootstrapDraws draws, int firstRow);

    /**
     * Bytes of activations one candidate holds in the widest op of its rollout and scoring over
     * {@code horizon} steps with {@code mode}'s heads: sizes the CPU's candidate blocks
     * ({@link org.mbrl4j.backend.Backend#rowBlock}).
     */
    long candidateBytes(int horizon, RolloutHeadMode mode);
}
