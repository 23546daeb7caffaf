package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * The tanh squash of the policy prior (tdmpc2 common/math.py: {@code squash}):
 * {@code a = tanh(u)}, {@code logDet_r = Σ_i ln(relu(1 - a_ri^2) + 1e-6)} (the term squash subtracts
 * from the Gaussian log-prob). With {@code s = 1 - a^2 = da/du}:
 * {@code du += daction · s + dlogDet · [s > 0] · (-2 a s) / (s + 1e-6)}.
 *
 * <p>Shapes: u, action, daction, du (M, A); logDet, dlogDet (M). Row sums accumulate in float64.
 */
final class DistributionTanhSquash {
    private DistributionTanhSquash() {}

    /** The 1e-6 of tdmpc2's squash, keeping the log finite where tanh saturates. */
    static final float JACOBIAN_EPS = 1e-6f;

    private static final long COST_PER_ELEMENT = 40;

    static void forward(Tensor u, Tensor action, Tensor logDet, int rows, int dim) {
        float[] x = u.floats(), a = action.floats(), ld = logDet.floats();
        int xo = u.off(), ao = action.off(), ldo = logDet.off();
        Parallel.forRange(rows, COST_PER_ELEMENT * dim, (from, until) -> {
            for (int r = from; r < until; r++) {
                double s = 0;
                for (int i = r * dim; i < (r + 1) * dim; i++) {
                    float t = (float) Math.tanh(x[xo + i]);
                    a[ao + i] = t;
                    s += Math.log(Math.max(1f - t * t, 0f) + JACOBIAN_EPS);
                }
                ld[ldo + r] = (float) s;
            }
        });
    }

    /** Either upstream gradient may be null. */
    static void backward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du, int rows, int dim) {
        float[] a = action.floats(), g = du.floats();
        float[] da = daction == null ? null : daction.floats();
        float[] dld = dlogDet == null ? null : dlogDet.floats();
        int ao = action.off(), go = du.off();
        int dao = daction == null ? 0 : daction.off();
        int dldo = dlogDet == null ? 0 : dlogDet.off();
        Parallel.forRange(rows, 4L * dim, (from, until) -> {
            for (int r = from; r < until; r++) {
                float upLogDet = dld == null ? 0f : dld[dldo + r];
                for (int i = r * dim; i < (r + 1) * dim; i++) {
                    float t = a[ao + i];
                    float s = 1f - t * t;
                    float grad = da == null ? 0f : da[dao + i] * s;
                    if (dld != null && s > 0f) {
                        grad += upLogDet * (-2f * t * s) / (s + JACOBIAN_EPS);
                    }
                    g[go + i] += grad;
                }
            }
        });
    }
}
