package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Bins;
import org.mbrl4j.tensor.Tensor;

/**
 * Two-hot soft cross-entropy fused with its log-softmax (tdmpc2 common/math.py: {@code soft_ce}):
 * {@code out_r = -Σ_j w_rj · log_softmax(l_r)_j} with {@code w_r = two_hot(target_r)}
 * ({@link TwoHotEncode}). Only the two non-zero weights enter:
 * {@code out_r = lse_r - (1-f) l_rk - f l_r(k+1)}, {@code lse_r = m_r + ln Σ_j exp(l_rj - m_r)},
 * {@code m_r = max_j l_rj}. Backward (Σ_j w_rj = 1): {@code dl_rj += dout_r · (softmax(l_r)_j - w_rj)}.
 *
 * <p>Shapes: logits (M, V); target, out, dout (M). Row reductions accumulate in float64, or with
 * {@code fastMath} ({@code cpu_fast_math}) in float lanes by {@link TwoHotFloat} (its stated bounds).
 */
final class TwoHotSoftCe {
    private TwoHotSoftCe() {}

    /** Per-bin cost in rough flops (one exp). */
    private static final long COST_PER_BIN = 20;

    /** ln Σ_j exp(l_j) over one row, max-subtracted. */
    static double logSumExp(float[] l, int off, int k) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            m = Math.max(m, l[off + j]);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            s += Math.exp((double) l[off + j] - m);
        }
        return m + Math.log(s);
    }

    static void forward(Tensor logits, Tensor target, Bins bins, Tensor out, int rows, boolean fastMath) {
        float[] l = logits.floats();
        float[] tg = target.floats();
        float[] o = out.floats();
        int lo = logits.off(), to = target.off(), oo = out.off(), k = bins.numBins();
        Parallel.forRange(rows, COST_PER_BIN * k, (from, until) -> {
            float[] st = new float[2];
            for (int r = from; r < until; r++) {
                int row = lo + r * k;
                double lse = fastMath ? TwoHotFloat.logSumExp(l, row, k, st) : logSumExp(l, row, k);
                float t = TwoHotEncode.position(tg[to + r], bins);
                int b = TwoHotEncode.lowerBin(t, bins);
                double f = t - b;
                o[oo + r] = (float) (lse - (1 - f) * l[row + b] - f * l[row + b + 1]);
            }
        });
    }

    static void backward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits, int rows,
            boolean fastMath) {
        float[] l = logits.floats();
        float[] tg = target.floats();
        float[] go = dout.floats();
        float[] dl = dlogits.floats();
        int lo = logits.off(), to = target.off(), goo = dout.off(), dlo = dlogits.off(), k = bins.numBins();
        Parallel.forRange(rows, COST_PER_BIN * k, (from, until) -> {
            float[] e = fastMath ? new float[k] : null;
            float[] st = new float[2];
            for (int r = from; r < until; r++) {
                int row = lo + r * k;
                int drow = dlo + r * k;
                if (fastMath) {
                    float t = TwoHotEncode.position(tg[to + r], bins);
                    int b = TwoHotEncode.lowerBin(t, bins);
                    TwoHotFloat.softCeBackward(l, row, k, b, t - b, go[goo + r], dl, drow, e, st);
                    continue;
                }
                double lse = logSumExp(l, row, k);
                double g = go[goo + r];
                float t = TwoHotEncode.position(tg[to + r], bins);
                int b = TwoHotEncode.lowerBin(t, bins);
                double f = t - b;
                for (int j = 0; j < k; j++) {
                    double w = j == b ? 1 - f : j == b + 1 ? f : 0;
                    dl[drow + j] += (float) (g * (Math.exp(l[row + j] - lse) - w));
                }
            }
        });
    }
}
