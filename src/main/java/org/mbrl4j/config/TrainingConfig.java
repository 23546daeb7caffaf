package org.mbrl4j.config;

/**
 * The world-model and policy update (docs/tdmpc2.md#update) and the discount heuristic.
 *
 * @param batchSize        sub-trajectories per update
 * @param rewardCoef       weight of the reward cross-entropy
 * @param valueCoef        weight of the value cross-entropy
 * @param terminationCoef  weight of the termination BCE (episodic only)
 * @param consistencyCoef  weight of the latent consistency MSE
 * @param rho              temporal weight rho^t over the horizon
 * @param lr               Adam learning rate
 * @param encLrScale       encoder learning-rate multiplier
 * @param gradClipNorm     global L2 norm clip, world model and policy separately
 * @param divergenceLossLimit a world-model loss above it stops the run as diverged (0: only NaN/inf do)
 * @param tau              Polyak rate of the target Qs and EMA rate of the running scale
 * @param entropyCoef      policy entropy bonus
 * @param discountDenom    discount heuristic: gamma = clip(1 - discount_denom / episode_length, min, max)
 * @param discountMin      lower clip of the heuristic discount
 * @param discountMax      upper clip of the heuristic discount
 * @param emaEncoderTau    Polyak rate of an EMA target encoder for the consistency and TD targets; 0: none
 *                         (docs/training-features.md#ema-targets)
 * @param emaPolicyTau     Polyak rate of an EMA target policy for the TD target's next action; 0: none
 */
public record TrainingConfig(
        int batchSize,
        double rewardCoef,
        double valueCoef,
        double terminationCoef,
        double consistencyCoef,
        double rho,
        double lr,
        double encLrScale,
        double gradClipNorm,
        double divergenceLossLimit,
        double tau,
        double entropyCoef,
        double discountDenom,
        double discountMin,
        double discountMax,
        double emaEncoderTau,
        double emaPolicyTau) {

    public TrainingConfig {
        var c = new Checks();
        c.atLeast("batch_size", batchSize, 1);
        c.nonNegative("reward_coef", rewardCoef);
        c.nonNegative("value_coef", valueCoef);
        c.nonNegative("termination_coef", terminationCoef);
        c.nonNegative("consistency_coef", consistencyCoef);
        c.inOpenClosed("rho", rho, 0, 1);
        c.positive("lr", lr);
        c.nonNegative("enc_lr_scale", encLrScale);
        c.positive("grad_clip_norm", gradClipNorm);
        c.inOpenClosed("tau", tau, 0, 1);
        c.nonNegative("entropy_coef", entropyCoef);
        c.positive("discount_denom", discountDenom);
        c.inOpen("discount_min", discountMin, 0, 1);
        c.inOpen("discount_max", discountMax, 0, 1);
        c.atMost("discount_min", discountMin, "discount_max", discountMax);
        c.nonNegative("divergence_loss_limit", divergenceLossLimit);
        c.require(emaEncoderTau >= 0 && emaEncoderTau <= 1, "ema_encoder_tau", emaEncoderTau, "must be in [0, 1]");
        c.require(emaPolicyTau >= 0 && emaPolicyTau <= 1, "ema_policy_tau", emaPolicyTau, "must be in [0, 1]");
        c.throwIfAny();
    }
}
