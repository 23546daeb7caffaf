package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * The diagonal Gaussian of the policy prior (tdmpc2 world_model.py {@code pi}, common/math.py
 * {@code gaussian_logprob}).
 * <ul>
 *   <li>Sample: {@code u = mean + eps · exp(logStd)}; backward {@code dmean += du},
 *       {@code dlogStd += du · eps · exp(logStd)}.</li>
 *   <li>Log-prob with eps held constant: {@code out_r = Σ_i (-0.5 eps_ri^2 - logStd_ri) - A · 0.5 ln(2π)};
 *       backward {@code dlogStd_ri += -dout_r}.</li>
 * </ul>
 * Shapes: mean, logStd, eps, u (M, A); out (M). Row sums accumulate in float64.
 */
final class DistributionGaussian {
    private DistributionGaussian() {}

    private static final long COST = 20;

    static void sampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u) {
        float[] mu = mean.floats(), ls = logStd.floats(), e = eps.floats(), o = u.floats();
        int muo = mean.off(), lso = logStd.off(), eo = eps.off(), oo = u.off();
        Parallel.forRange(u.size(), COST, (from, until) -> {
            for (int i = from; i < until; i++) {
                o[oo + i] = mu[muo + i] + e[eo + i] * (float) Math.exp(ls[lso + i]);
            }
        });
    }

    /** Either gradient may be null. */
    static void sampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd) {
        if (dmean == null && dlogStd == null) {
            return;
        }
        float[] ls = logStd.floats(), e = eps.floats(), g = du.floats();
        int lso = logStd.off(), eo = eps.off(), go = du.off();
        float[] dm = dmean == null ? null : dmean.floats();
        float[] dl = dlogStd == null ? null : dlogStd.floats();
        int dmo = dmean == null ? 0 : dmean.off();
        int dlo = dlogStd == null ? 0 : dlogStd.off();
        Parallel.forRange(du.size(), COST, (from, until) -> {
            for (int i = from; i < until; i++) {
                if (dm != null) {
                    dm[dmo + i] += g[go + i];
                }
                if (dl != null) {
                    dl[dlo + i] += g[go + i] * e[eo + i] * (float) Math.exp(ls[lso + i]);
                }
            }
        });
    }

    static void logProbForward(Tensor eps, Tensor logStd, Tensor out, int rows, int dim) {
        float[] e = eps.floats(), ls = logStd.floats(), o = out.floats();
        int eo = eps.off(), lso = logStd.off(), oo = out.off();
        double constant = (double) dim * ScalarMath.HALF_LOG_TWO_PI;
        Parallel.forRange(rows, 4L * dim, (from, until) -> {
            for (int r = from; r < until; r++) {
                double s = 0;
                for (int i = r * dim; i < (r + 1) * dim; i++) {
                    double x = e[eo + i];
                    s += -0.5 * x * x - ls[lso + i];
                }
                o[oo + r] = (float) (s - constant);
            }
        });
    }

    static void logProbBackward(Tensor dout, Tensor dlogStd, int rows, int dim) {
        float[] g = dout.floats(), dl = dlogStd.floats();
        int go = dout.off(), dlo = dlogStd.off();
        Parallel.forRange(rows, dim, (from, until) -> {
            for (int r = from; r < until; r++) {
                float d = g[go + r];
                for (int i = r * dim; i < (r + 1) * dim; i++) {
                    dl[dlo + i] -= d;
                }
            }
        });
    }
}
