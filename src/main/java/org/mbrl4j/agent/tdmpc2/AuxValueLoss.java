package org.mbrl4j.agent.tdmpc2;

import java.util.List;
import java.util.Map;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.tensor.Tensor;

/**
 * The auxiliary loss of docs/multi-gamma.md#loss under its constraints (docs/multi-gamma.md#scope-and-invariants) (one-step TD, the primary bootstrap):
 * y_i,t = r_t + γ_i (1 − term_t) · V̂_primary(s_{t+1}) ({@link TdTargets#auxiliary}) with V̂_primary the
 * stop-gradient bootstrap of the primary TD target (min of two random target Q heads); each y is two-hot encoded on the primary
 * head's bins through symlog and trained with soft cross-entropy on the rollout latents z_t:
 * L_aux = loss_weight · Σ_i Σ_t ρ^t · mean_B CE_i,t / T (docs/multi-gamma.md#loss with the reference's ρ and 1/T).
 * The latents carry gradients to the encoder and dynamics; the policy prior is not on this path.
 */
final class AuxValueLoss {
    private final AuxValueHeads heads;
    private final Bins bins;
    private final float lossWeight;

    AuxValueLoss(AuxValueHeads heads, Bins bins, float lossWeight) {
        this.heads = heads;
        this.bins = bins;
        this.lossWeight = lossWeight;
    }

    /** The weighted total, per-discount CE (G) and the decoded predictions (T·B, G), for logging. */
    record Result(Tensor total, Tensor perGamma, Tensor decoded, List<Double> gammas) {
        void record(Map<String, Double> metrics, Backend be) {
            float[] ce = be.toArray(perGamma);
            float[] dec = be.toArray(decoded);
            int m = gammas.size();
            int rows = dec.length / m;
            double sum = 0;
            for (int i = 0; i < m; i++) {
                String g = key(gammas.get(i));
                metrics.put("multi_gamma/ce_" + g, (double) ce[i]);
                sum += ce[i];
                double mean = 0;
                double sq = 0;
                for (int r = 0; r < rows; r++) {
                    mean += dec[r * m + i];
                }
                mean /= rows;
                for (int r = 0; r < rows; r++) {
                    double d = dec[r * m + i] - mean;
                    sq += d * d;
                }
                metrics.put("multi_gamma/pred_mean_" + g, mean);
                metrics.put("multi_gamma/pred_std_" + g, Math.sqrt(sq / rows));
            }
            metrics.put("multi_gamma/ce_mean", sum / m);
        }

        private static String key(double gamma) {
            return Double.toString(gamma);
        }
    }

    /** zPred (T, B, L) rollout latents; reward (T, B); rho[t] = ρ^t for t < T. */
    Result compute(Graph g, Pass train, Tensor zPred, Tensor reward, TdTargets t, float[] rho) {
        int h = zPred.dim(0);
        int b = zPred.dim(1);
        List<Double> gammas = heads.gammas();
        int m = gammas.size();
        Tensor targets = t.auxiliary(g, reward, gammas); // (T, B, G), stop-gradient
        Tensor logits = heads.logits(train, zPred); // (T·B, G, V)
        Tensor ce = g.view(LossFn.twoHotSoftCe(g, logits, g.view(targets, h * b, m), bins), h, b, m);
        float[] rhoRows = new float[h * m];
        for (int i = 0; i < h * m; i++) {
            rhoRows[i] = rho[i / m];
        }
        Tensor weighted = PointwiseFn.mul(g, ReduceFn.mean(g, ce, 1), g.constant(rhoRows, h, m)); // (T, G)
        Tensor perGamma = PointwiseFn.scale(g, ReduceFn.sum(g, weighted, 0), 1f / h); // (G)
        Tensor total = PointwiseFn.scale(g, ReduceFn.sumAll(g, perGamma), lossWeight);
        Tensor decoded;
        try (var s = g.noGrad()) {
            decoded = LossFn.twoHotExpectation(g, logits.detach(), bins); // (T·B, G)
        }
        return new Result(total, perGamma.detach(), decoded, gammas);
    }
}
