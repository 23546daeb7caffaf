package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * Mean squared error per row (tdmpc2 tdmpc2.py {@code _update}: consistency loss
 * {@code F.mse_loss(z, next_z)}, whose mean over the batch is the mean of these rows):
 * {@code out_r = (1/F) Σ_c (pred_rc - target_rc)^2}.
 *
 * <p>Shapes: pred, target (M, F); out, dout (M). The row sum accumulates in float64 and rounds once.
 * Backward: {@code dpred_rc += dout_r · 2 (pred_rc - target_rc) / F}, {@code dtarget_rc -=} the same.
 */
final class LossMse {
    private LossMse() {}

    static void forward(Tensor pred, Tensor target, Tensor out, int rows, int cols) {
        float[] p = pred.floats();
        float[] t = target.floats();
        float[] o = out.floats();
        int po = pred.off(), to = target.off(), oo = out.off();
        Parallel.forRange(rows, 3L * cols, (from, until) -> {
            for (int r = from; r < until; r++) {
                double sum = 0;
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    double d = (double) p[po + base + c] - t[to + base + c];
                    sum += d * d;
                }
                o[oo + r] = (float) (sum / cols);
            }
        });
    }

    /** Either gradient may be null. */
    static void backward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget, int rows, int cols) {
        float[] p = pred.floats();
        float[] t = target.floats();
        float[] go = dout.floats();
        int po = pred.off(), to = target.off(), goo = dout.off();
        float[] dp = dpred == null ? null : dpred.floats();
        float[] dt = dtarget == null ? null : dtarget.floats();
        int dpo = dpred == null ? 0 : dpred.off();
        int dto = dtarget == null ? 0 : dtarget.off();
        Parallel.forRange(rows, 4L * cols, (from, until) -> {
            for (int r = from; r < until; r++) {
                float scale = go[goo + r] * 2f / cols;
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    float g = scale * (p[po + base + c] - t[to + base + c]);
                    if (dp != null) {
                        dp[dpo + base + c] += g;
                    }
                    if (dt != null) {
                        dt[dto + base + c] -= g;
                    }
                }
            }
        });
    }
}
