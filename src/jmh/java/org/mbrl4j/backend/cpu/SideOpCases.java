package org.mbrl4j.backend.cpu;

import java.util.SplittableRandom;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;

/**
 * The cpu_fast_math side ops on fixed random data, each as its float64 reference ({@code fast =
 * false}) or its float-lane version ({@code fast = true}), for {@link SideOpsBench} and
 * {@link SideOpsTimeAb}: one call is {@code rows} rows of the op, as one layer or head of a plan step
 * computes them.
 */
final class SideOpCases {
    private SideOpCases() {}

    /** The ops: LayerNorm statistics and input gradient (width F), the two-hot heads (101 bins), SimNorm. */
    enum Op {
        LAYER_NORM_STATS,
        LAYER_NORM_INPUT_GRAD,
        LOG_SUM_EXP,
        TWO_HOT_EXPECTATION,
        TWO_HOT_EXPECTATION_GRAD,
        SOFT_CE_GRAD,
        SIMNORM
    }

    /** One call of {@code op} over {@code rows} rows of width {@code width} (bins: 101 regardless). */
    static Runnable of(Op op, boolean fast, int rows, int width) {
        SplittableRandom rnd = new SplittableRandom(7);
        Bins bins = Bins.tdmpc2Default();
        int v = bins.numBins();
        float[] centers = TwoHotFloat.centers(bins);
        return switch (op) {
            case LAYER_NORM_STATS -> {
                float[] u = normals(rnd, rows * width, 3);
                float[] mean = new float[rows];
                float[] rstd = new float[rows];
                yield fast
                        ? () -> {
                            for (int r = 0; r < rows; r++) {
                                FusedLayerNormFloat.statistics(u, r * width, width, 1e-5f, mean, r, rstd, r);
                            }
                        }
                        : () -> {
                            for (int r = 0; r < rows; r++) {
                                FusedLayer.statistics(u, r * width, width, 1e-5f, mean, r, rstd, r);
                            }
                        };
            }
            case LAYER_NORM_INPUT_GRAD -> {
                float[] u = normals(rnd, rows * width, 3);
                float[] gamma = normals(rnd, width, 1);
                float[] pristine = normals(rnd, rows * width, 1);
                float[] dh = new float[rows * width];
                float[] mean = new float[rows];
                float[] rstd = new float[rows];
                for (int r = 0; r < rows; r++) {
                    FusedLayer.statistics(u, r * width, width, 1e-5f, mean, r, rstd, r);
                }
                Tensor ut = tensor(u, rows, width);
                Tensor mt = tensor(mean, rows);
                Tensor rt = tensor(rstd, rows);
                Tensor gt = tensor(gamma, width);
                // the op overwrites dh in place: each call starts from the same gradient (the copy is in both)
                yield fast
                        ? () -> {
                            System.arraycopy(pristine, 0, dh, 0, dh.length);
                            for (int r = 0; r < rows; r++) {
                                FusedLayerNormFloat.input(u, r * width, mean[r], rstd[r], gamma, 0, dh, r * width, width);
                            }
                        }
                        : () -> {
                            System.arraycopy(pristine, 0, dh, 0, dh.length);
                            for (int r = 0; r < rows; r++) {
                                FusedLayerNormGrad.input(ut, mt, rt, gt, 0, r, dh, width);
                            }
                        };
            }
            case LOG_SUM_EXP -> {
                float[] l = normals(rnd, rows * v, 2);
                float[] st = new float[2];
                double[] sink = new double[1];
                yield fast
                        ? () -> {
                            for (int r = 0; r < rows; r++) {
                                sink[0] += TwoHotFloat.logSumExp(l, r * v, v, st);
                            }
                        }
                        : () -> {
                            for (int r = 0; r < rows; r++) {
                                sink[0] += TwoHotSoftCe.logSumExp(l, r * v, v);
                            }
                        };
            }
            case TWO_HOT_EXPECTATION -> {
                Tensor l = tensor(normals(rnd, rows * v, 2), rows, v);
                Tensor out = tensor(new float[rows], rows);
                yield () -> TwoHotExpectation.forward(l, bins, out, rows, fast);
            }
            case TWO_HOT_EXPECTATION_GRAD -> {
                Tensor l = tensor(normals(rnd, rows * v, 2), rows, v);
                Tensor dout = tensor(normals(rnd, rows, 1e-3), rows);
                Tensor dl = tensor(new float[rows * v], rows, v);
                yield () -> TwoHotExpectation.backward(l, bins, dout, dl, rows, fast);
            }
            case SOFT_CE_GRAD -> {
                Tensor l = tensor(normals(rnd, rows * v, 2), rows, v);
                Tensor target = tensor(normals(rnd, rows, 30), rows);
                Tensor dout = tensor(normals(rnd, rows, 1e-3), rows);
                Tensor dl = tensor(new float[rows * v], rows, v);
                yield () -> TwoHotSoftCe.backward(l, target, bins, dout, dl, rows, fast);
            }
            case SIMNORM -> {
                float[] h = normals(rnd, width, 2); // the fused layer's row scratch, reused for every row
                float[] y = new float[rows * width];
                yield () -> {
                    for (int r = 0; r < rows; r++) {
                        FusedLayerActivation.forward(Activation.SIMNORM, 8, h, width, y, r * width, fast);
                    }
                };
            }
        };
    }

    private static float[] normals(SplittableRandom rnd, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: two uniforms per normal, enough for benchmark data
            a[i] = (float) (std * Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble()));
        }
        return a;
    }

    private static Tensor tensor(float[] data, int... shape) {
        return new Tensor(new HostStorage(data, null), 0, shape, false);
    }
}
