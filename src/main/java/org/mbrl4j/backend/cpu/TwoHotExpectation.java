package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Bins;
import org.mbrl4j.tensor.Tensor;

/**
 * Decodes two-hot logits to a scalar (tdmpc2 common/math.py: {@code two_hot_inv}):
 * {@code m_r = Σ_j softmax(l_r)_j · c_j} with bin centers {@code c_j = }{@link Bins#center},
 * {@code out_r = symexp(m_r)}. Since d symexp(m)/dm = exp(|m|) and dm/dl_j = p_j (c_j - m):
 * {@code dl_rj += dout_r · exp(|m_r|) · p_rj (c_j - m_r)}.
 *
 * <p>Shapes: logits (M, V); out, dout (M). Row reductions accumulate in float64, or with {@code
 * fastMath} ({@code cpu_fast_math}) in float lanes by {@link TwoHotFloat} (its stated bounds).
 */
final class TwoHotExpectation {
    private TwoHotExpectation() {}

    private static final long COST_PER_BIN = 20;

    /** m = Σ_j p_j c_j for one row; writes p_j into {@code probs} when it is non-null. */
    static double mean(float[] l, int off, Bins bins, double[] probs) {
        int k = bins.numBins();
        double lse = TwoHotSoftCe.logSumExp(l, off, k);
        double m = 0;
        for (int j = 0; j < k; j++) {
            double p = Math.exp(l[off + j] - lse);
            if (probs != null) {
                probs[j] = p;
            }
            m += p * bins.center(j);
        }
        return m;
    }

    static void forward(Tensor logits, Bins bins, Tensor out, int rows, boolean fastMath) {
        float[] l = logits.floats();
        float[] o = out.floats();
        int lo = logits.off(), oo = out.off(), k = bins.numBins();
        if (fastMath) {
            float[] centers = TwoHotFloat.centers(bins);
            Parallel.forRange(rows, COST_PER_BIN * k, (from, until) -> {
                float[] st = new float[2];
                for (int r = from; r < until; r++) {
                    o[oo + r] = ScalarMath.symexp(TwoHotFloat.mean(l, lo + r * k, centers, st));
                }
            });
            return;
        }
        Parallel.forRange(rows, COST_PER_BIN * k, (from, until) -> {
            for (int r = from; r < until; r++) {
                o[oo + r] = ScalarMath.symexp((float) mean(l, lo + r * k, bins, null));
            }
        });
    }

    static void backward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits, int rows, boolean fastMath) {
        float[] l = logits.floats();
        float[] go = dout.floats();
        float[] dl = dlogits.floats();
        int lo = logits.off(), goo = dout.off(), dlo = dlogits.off(), k = bins.numBins();
        if (fastMath) {
            float[] centers = TwoHotFloat.centers(bins);
            Parallel.forRange(rows, COST_PER_BIN * k, (from, until) -> {
                float[] e = new float[k];
                float[] st = new float[2];
                for (int r = from; r < until; r++) {
                    TwoHotFloat.expectationBackward(l, lo + r * k, centers, go[goo + r], dl, dlo + r * k, e, st);
                }
            });
            return;
        }
        Parallel.forRange(rows, COST_PER_BIN * k, (from, until) -> {
            double[] p = new double[k];
            for (int r = from; r < until; r++) {
                double m = mean(l, lo + r * k, bins, p);
                double g = go[goo + r] * Math.exp(Math.abs(m));
                int drow = dlo + r * k;
                for (int j = 0; j < k; j++) {
                    dl[drow + j] += (float) (g * p[j] * (bins.center(j) - m));
                }
            }
        });
    }
}
