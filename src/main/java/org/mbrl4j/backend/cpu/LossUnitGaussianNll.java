package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * Negative log-likelihood of a unit-variance Gaussian per row (PlaNet planet/models: the image and
 * reward heads are {@code tfd.Normal(mean, 1)}, loss {@code -log_prob} summed over the feature dims):
 * {@code out_r = ½ Σ_c (target_rc - mean_rc)² + ½·F·ln 2π}, the constant ½·ln 2π being
 * {@link ScalarMath#HALF_LOG_TWO_PI}. It is F/2 times the MSE plus a constant.
 *
 * <p>Shapes: mean, target (M, F); out, dout (M). The row sum accumulates in float64 and rounds once.
 * Backward: {@code dmean_rc += dout_r · (mean_rc - target_rc)}, {@code dtarget_rc -=} the same.
 */
final class LossUnitGaussianNll {
    private LossUnitGaussianNll() {}

    static void forward(Tensor mean, Tensor target, Tensor out, int rows, int cols) {
        float[] m = mean.floats();
        float[] t = target.floats();
        float[] o = out.floats();
        int mo = mean.off(), to = target.off(), oo = out.off();
        double constant = (double) cols * ScalarMath.HALF_LOG_TWO_PI;
        Parallel.forRange(rows, 3L * cols, (from, until) -> {
            for (int r = from; r < until; r++) {
                double sum = 0;
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    double d = (double) t[to + base + c] - m[mo + base + c];
                    sum += d * d;
                }
                o[oo + r] = (float) (0.5 * sum + constant);
            }
        });
    }

    /** Either gradient may be null. */
    static void backward(Tensor mean, Tensor target, Tensor dout, Tensor dmean, Tensor dtarget, int rows, int cols) {
        float[] m = mean.floats();
        float[] t = target.floats();
        float[] go = dout.floats();
        int mo = mean.off(), to = target.off(), goo = dout.off();
        float[] dm = dmean == null ? null : dmean.floats();
        float[] dt = dtarget == null ? null : dtarget.floats();
        int dmo = dmean == null ? 0 : dmean.off();
        int dto = dtarget == null ? 0 : dtarget.off();
        Parallel.forRange(rows, 4L * cols, (from, until) -> {
            for (int r = from; r < until; r++) {
                float scale = go[goo + r];
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    float g = scale * (m[mo + base + c] - t[to + base + c]);
                    if (dm != null) {
                        dm[dmo + base + c] += g;
                    }
                    if (dt != null) {
                        dt[dto + base + c] -= g;
                    }
                }
            }
        });
    }
}
