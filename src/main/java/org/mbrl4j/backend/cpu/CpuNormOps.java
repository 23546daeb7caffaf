package org.mbrl4j.backend.cpu;

import java.util.Arrays;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link NormOps}: x (..., C) is R = numel / C rows of C. Rows run in parallel;
 * the per-row math lives in {@link NormLayerRows} and {@link NormSoftmaxRows}. SimNorm is the softmax
 * of R·C/G rows of G = groupSize (tdmpc2 common/layers.py: SimNorm).
 */
final class CpuNormOps implements NormOps {
    /** Rough flops per element of LayerNorm (3 passes) and of softmax (exp dominates). */
    private static final int COST_LAYER_NORM = 8;
    private static final int COST_SOFTMAX = 20;

    @Override
    public void layerNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        String op = "layerNormForward";
        int c = lastDim(op, "x", x);
        int rows = rows(x, c);
        if (!(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps = " + eps + " must be finite and >= 0");
        }
        requireF32Shape(op, "gamma", gamma, c);
        requireF32Shape(op, "beta", beta, c);
        requireF32Shape(op, "y", y, x.shape());
        requireRowStats(op, "mean", mean, x, rows);
        requireRowStats(op, "rstd", rstd, x, rows);
        Parallel.forRange(rows, (long) c * COST_LAYER_NORM, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormLayerRows.forward(x.floats(), x.off() + r * c, gamma.floats(), gamma.off(), beta.floats(),
                        beta.off(), eps, y.floats(), y.off() + r * c, c, mean.floats(), mean.off() + r, rstd.floats(),
                        rstd.off() + r);
            }
        });
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor dy, Tensor dx,
            Tensor dgamma, Tensor dbeta) {
        String op = "layerNormBackward";
        int c = lastDim(op, "x", x);
        int rows = rows(x, c);
        requireF32Shape(op, "gamma", gamma, c);
        requireRowStats(op, "mean", mean, x, rows);
        requireRowStats(op, "rstd", rstd, x, rows);
        requireF32Shape(op, "dy", dy, x.shape());
        if (dx != null) {
            requireF32Shape(op, "dx", dx, x.shape());
        }
        if (dgamma != null) {
            requireF32Shape(op, "dgamma", dgamma, c);
        }
        if (dbeta != null) {
            requireF32Shape(op, "dbeta", dbeta, c);
        }
        if (dx != null) {
            Parallel.forRange(rows, (long) c * COST_LAYER_NORM, (from, to) -> {
                for (int r = from; r < to; r++) {
                    NormLayerRows.backwardDx(x.floats(), x.off() + r * c, gamma.floats(), gamma.off(),
                            mean.floats()[mean.off() + r], rstd.floats()[rstd.off() + r], dy.floats(), dy.off() + r * c,
                            dx.floats(), dx.off() + r * c, c);
                }
            });
        }
        if (dgamma != null || dbeta != null) {
            affineGrads(x, mean, rstd, dy, dgamma, dbeta, rows, c);
        }
    }

    /**
     * dgamma[j] += Σ_r dy[r,j]·x̂[r,j], dbeta[j] += Σ_r dy[r,j]: columns in parallel, each summing
     * its rows in order in double, so the result does not depend on the thread count.
     */
    private static void affineGrads(Tensor x, Tensor mean, Tensor rstd, Tensor dy, Tensor dgamma, Tensor dbeta,
            int rows, int c) {
        float[] xv = x.floats();
        float[] g = dy.floats();
        Parallel.forRange(c, (long) rows * COST_LAYER_NORM, (from, to) -> {
            double[] accGamma = new double[to - from];
            double[] accBeta = new double[to - from];
            for (int r = 0; r < rows; r++) {
                float m = mean.floats()[mean.off() + r];
                float rs = rstd.floats()[rstd.off() + r];
                int xr = x.off() + r * c;
                int gr = dy.off() + r * c;
                for (int j = from; j < to; j++) {
                    float d = g[gr + j];
                    accGamma[j - from] += d * ((xv[xr + j] - m) * rs);
                    accBeta[j - from] += d;
                }
            }
            for (int j = from; j < to; j++) {
                if (dgamma != null) {
                    dgamma.floats()[dgamma.off() + j] += (float) accGamma[j - from];
                }
                if (dbeta != null) {
                    dbeta.floats()[dbeta.off() + j] += (float) accBeta[j - from];
                }
            }
        });
    }

    @Override
    public void simNormForward(Tensor x, int groupSize, Tensor y) {
        requireGroups("simNormForward", "x", x, groupSize);
        softmaxRows("simNormForward", x, y, groupSize);
    }

    @Override
    public void simNormBackward(Tensor y, int groupSize, Tensor dy, Tensor dx) {
        requireGroups("simNormBackward", "y", y, groupSize);
        softmaxBackwardRows("simNormBackward", y, dy, dx, groupSize);
    }

    @Override
    public void softmaxForward(Tensor x, Tensor y) {
        softmaxRows("softmaxForward", x, y, lastDim("softmaxForward", "x", x));
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        softmaxBackwardRows("softmaxBackward", y, dy, dx, lastDim("softmaxBackward", "y", y));
    }

    @Override
    public void logSoftmaxForward(Tensor x, Tensor y) {
        String op = "logSoftmaxForward";
        int c = lastDim(op, "x", x);
        requireF32Shape(op, "y", y, x.shape());
        Parallel.forRange(rows(x, c), (long) c * COST_SOFTMAX, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.logSoftmax(x.floats(), x.off() + r * c, y.floats(), y.off() + r * c, c);
            }
        });
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        String op = "logSoftmaxBackward";
        int c = lastDim(op, "y", y);
        requireF32Shape(op, "dy", dy, y.shape());
        requireF32Shape(op, "dx", dx, y.shape());
        Parallel.forRange(rows(y, c), (long) c * COST_SOFTMAX, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.logSoftmaxBackward(y.floats(), y.off() + r * c, dy.floats(), dy.off() + r * c,
                        dx.floats(), dx.off() + r * c, c);
            }
        });
    }

    /** Softmax of every run of {@code c} consecutive elements of x (the last dim, or a SimNorm group). */
    private static void softmaxRows(String op, Tensor x, Tensor y, int c) {
        requireF32Shape(op, "y", y, x.shape());
        Parallel.forRange(rows(x, c), (long) c * COST_SOFTMAX, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.softmax(x.floats(), x.off() + r * c, y.floats(), y.off() + r * c, c);
            }
        });
    }

    private static void softmaxBackwardRows(String op, Tensor y, Tensor dy, Tensor dx, int c) {
        requireF32Shape(op, "dy", dy, y.shape());
        requireF32Shape(op, "dx", dx, y.shape());
        Parallel.forRange(rows(y, c), (long) c * COST_LAYER_NORM, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.softmaxBackward(y.floats(), y.off() + r * c, dy.floats(), dy.off() + r * c,
                        dx.floats(), dx.off() + r * c, c);
            }
        });
    }

    // ---- validation ----

    /** The last dim C of an F32 tensor of rank >= 1 with C >= 1. */
    private static int lastDim(String op, String arg, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
        Shapes.requireDType(op, arg, x, DType.F32);
        if (x.rank() < 1 || x.dim(-1) < 1) {
            throw new IllegalArgumentException(op + ": " + arg + " " + Shapes.str(x.shape())
                    + " needs rank >= 1 and a last dim >= 1 to normalize over");
        }
        return x.dim(-1);
    }

    private static int rows(Tensor x, int c) {
        return x.size() / c;
    }

    private static void requireGroups(String op, String arg, Tensor x, int groupSize) {
        int c = lastDim(op, arg, x);
        if (groupSize < 1 || c % groupSize != 0) {
            throw new IllegalArgumentException(op + ": last dim C = " + c + " of " + arg + " " + Shapes.str(x.shape())
                    + " is not divisible by groupSize = " + groupSize + " (SimNorm needs groupSize >= 1 and "
                    + "C % groupSize == 0)");
        }
    }

    /** Per-row statistics: shape (R), or x's shape without the last dim (as the fused layer saves them). */
    private static void requireRowStats(String op, String arg, Tensor t, Tensor x, int rows) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
        Shapes.requireDType(op, arg, t, DType.F32);
        int[] leading = Shapes.drop(x.shape(), x.rank() - 1);
        if (!Arrays.equals(t.shape(), new int[] {rows}) && !Arrays.equals(t.shape(), leading)) {
            throw new IllegalArgumentException(op + ": " + arg + " has shape " + Shapes.str(t.shape()) + ", expected ("
                    + rows + ") or " + Shapes.str(leading) + " (one value per row of x " + Shapes.str(x.shape())
                    + ")");
        }
    }

    private static void requireF32Shape(String op, String arg, Tensor t, int... shape) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
        Shapes.requireDType(op, arg, t, DType.F32);
        Shapes.requireShape(op, arg, t, shape);
    }
}
