package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.NormContract;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.RowDims;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link NormOps} ({@link NormContract} checks the arguments): x (..., F) is M = numel / F rows of F. Rows run in parallel;
 * the per-row math lives in {@link NormLayerRows} and {@link NormSoftmaxRows}. SimNorm is the softmax
 * of M·F/groupSize rows of groupSize (tdmpc2 common/layers.py: SimNorm).
 */
final class CpuNormOps implements NormOps {
    /** Rough flops per element of LayerNorm (3 passes) and of softmax (exp dominates). */
    private static final int COST_LAYER_NORM = 8;
    private static final int COST_SOFTMAX = 20;

    @Override
    public void layerNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        RowDims dims = NormContract.layerNormForward(x, gamma, beta, eps, y, mean, rstd);
        int c = dims.cols();
        int rows = dims.rows();
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
        RowDims dims = NormContract.layerNormBackward(x, gamma, mean, rstd, dy, dx, dgamma, dbeta);
        int c = dims.cols();
        int rows = dims.rows();
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
        softmaxRows(NormContract.simNormForward(x, groupSize, y), x, y);
    }

    @Override
    public void simNormBackward(Tensor y, int groupSize, Tensor dy, Tensor dx) {
        softmaxBackwardRows(NormContract.simNormBackward(y, groupSize, dy, dx), y, dy, dx);
    }

    @Override
    public void softmaxForward(Tensor x, Tensor y) {
        softmaxRows(NormContract.softmaxForward(x, y), x, y);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        softmaxBackwardRows(NormContract.softmaxBackward(y, dy, dx), y, dy, dx);
    }

    @Override
    public void logSoftmaxForward(Tensor x, Tensor y) {
        RowDims dims = NormContract.logSoftmaxForward(x, y);
        int c = dims.cols();
        Parallel.forRange(dims.rows(), (long) c * COST_SOFTMAX, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.logSoftmax(x.floats(), x.off() + r * c, y.floats(), y.off() + r * c, c);
            }
        });
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        RowDims dims = NormContract.logSoftmaxBackward(y, dy, dx);
        int c = dims.cols();
        Parallel.forRange(dims.rows(), (long) c * COST_SOFTMAX, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.logSoftmaxBackward(y.floats(), y.off() + r * c, dy.floats(), dy.off() + r * c,
                        dx.floats(), dx.off() + r * c, c);
            }
        });
    }

    /** Softmax of every run of {@code c} consecutive elements of x (the last dim, or a SimNorm group). */
    private static void softmaxRows(RowDims dims, Tensor x, Tensor y) {
        int c = dims.cols();
        Parallel.forRange(dims.rows(), (long) c * COST_SOFTMAX, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.softmax(x.floats(), x.off() + r * c, y.floats(), y.off() + r * c, c);
            }
        });
    }

    private static void softmaxBackwardRows(RowDims dims, Tensor y, Tensor dy, Tensor dx) {
        int c = dims.cols();
        Parallel.forRange(dims.rows(), (long) c * COST_LAYER_NORM, (from, to) -> {
            for (int r = from; r < to; r++) {
                NormSoftmaxRows.softmaxBackward(y.floats(), y.off() + r * c, dy.floats(), dy.off() + r * c,
                        dx.floats(), dx.off() + r * c, c);
            }
        });
    }
}
