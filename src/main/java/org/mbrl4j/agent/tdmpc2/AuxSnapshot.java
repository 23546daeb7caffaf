package org.mbrl4j.agent.tdmpc2;

import java.util.List;
import org.mbrl4j.config.MultiGammaConfig;

/**
 * A snapshot of the auxiliary heads (docs/multi-gamma.md#head-structure) on one replay batch (docs/multi-gamma.md#logging): the
 * one-step targets y_i,t = r_t + γ_i (1 − term_t) · V̂_primary(s_{t+1}) of {@link TdTargets#auxiliary},
 * the heads' decoded predictions (two-hot expectation, then inverse symlog, as {@link AuxValueLoss}
 * decodes them) on the rollout latents z_t, and the soft cross-entropy between them. Taken by
 * {@link AuxSnapshotProbe}; the agent hands it out through {@link Tdmpc2Agent#auxSnapshot}.
 * Shapes: T horizon, B batch, G auxiliary discounts, X examples.
 *
 * @param gammas       the auxiliary discounts, in head order (G)
 * @param primaryGamma the primary discount (gammas[0] of the config), whose value bootstraps every target
 * @param batchSize    B, the windows the summary averages over
 * @param horizon      T, the rollout steps of each window
 * @param tier         what the snapshot holds
 * @param summary      per auxiliary discount, over all T·B predictions of the batch (G)
 * @param examples     the first X windows of the batch (X per {@link Tier#examples})
 */
public record AuxSnapshot(List<Double> gammas, double primaryGamma, int batchSize, int horizon, Tier tier,
        List<Summary> summary, List<Example> examples) {

    /** Standard: summaries and a few examples at t = 0; debug: per-step detail (config multi_gamma.debug_logging). */
    public enum Tier {
        STANDARD,
        DEBUG;

        /** At most this many examples in a standard snapshot (docs/multi-gamma.md#logging: "first few ... e.g., 4"). */
        public static final int STANDARD_EXAMPLES = 4;

        public static Tier of(MultiGammaConfig cfg) {
            return cfg.debugLogging() ? DEBUG : STANDARD;
        }

        /** Examples of a snapshot of a batch of {@code batchSize}, bounded by multi_gamma.log_num_examples. */
        public int examples(int logNumExamples, int batchSize) {
            int n = this == STANDARD ? Math.min(STANDARD_EXAMPLES, logNumExamples) : logNumExamples;
            return Math.min(n, batchSize);
        }
    }

    /**
     * One auxiliary discount over the whole batch: mean |ŷ − y|, sqrt(mean (ŷ − y)²) and mean CE over
     * the T·B (t, b) pairs (unweighted: no ρ^t), plus, in the debug tier, the CE per time step averaged
     * over the batch (T values; null in the standard tier).
     */
    public record Summary(double gamma, double mae, double rmse, double ce, double[] cePerStep) {}

    /**
     * Window {@code index} of the batch: one entry per auxiliary discount, and in the debug tier the
     * bootstrap scalars V̂_primary(s_{t+1}) of its T targets (null in the standard tier).
     */
    public record Example(int index, float[] bootstrap, List<ExampleGamma> gammas) {}

    /** Target, decoded prediction and |error| at t = 0; {@code steps} (debug tier only, else null) for every t. */
    public record ExampleGamma(double gamma, float target, float pred, float absErr, Steps steps) {}

    /**
     * Per time step t < T (each array has T entries): targets, decoded predictions, the two-hot of the
     * target (weight {@code targetLowerWeight} on bin {@code targetLowerBin}, the rest on the bin above),
     * and the prediction's two most probable bins with their probabilities ({@code predTop2Bins[t]},
     * {@code predTop2Probs[t]}, most probable first).
     */
    public record Steps(float[] targets, float[] preds, int[] targetLowerBin, float[] targetLowerWeight,
            int[][] predTop2Bins, float[][] predTop2Probs) {}
}
