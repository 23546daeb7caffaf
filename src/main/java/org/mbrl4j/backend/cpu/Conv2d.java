package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.ConvDims;
import org.mbrl4j.tensor.Tensor;

/**
 * The three cores every convolution op is built from, on the dims of one convolution
 * x (M, Ci, Hi, Wi) → y (M, Co, Ho, Wo) with w (Co, Ci, Kh, Kw) ({@link ConvDims}):
 * {@link #features} (the convolution), {@link #images} (its adjoint: the transposed convolution and the
 * input gradient) and {@link #weightGrad}, plus {@link #biasGrad}. Each image goes through im2col
 * ({@link ConvPatches}) and the CPU {@link Gemm}: images run in parallel when there are several, and a
 * single image leaves the parallelism to the GEMM. The weight gradient sums a fixed number of image
 * groups (independent of the thread count) so its result does not depend on the machine.
 * With vectors disabled everything runs {@link ConvReference}.
 */
final class Conv2d {
    private Conv2d() {}

    /** Partial weight gradients summed at the end; fixed so the summation order is too. */
    static final int WEIGHT_GROUPS = 4;

    /** y (M, Co, Ho, Wo) = [y +] b + conv(x, w), b (Co) or null; without accumulate y's contents are ignored. */
    static void features(ConvDims d, Tensor x, Tensor w, Tensor b, Tensor y, boolean accumulate) {
        if (!VectorWidth.enabled()) {
            ConvReference.features(d, x, w, b, y, accumulate);
            return;
        }
        int co = d.outChannels(), k = d.patch(), plane = d.outPlane();
        GemmMatrix weights = GemmMatrix.rowMajor(w.floats(), w.off(), 0, k, false);
        float[] ys = y.floats();
        Parallel.forRange(d.images(), flops(d), (from, to) -> {
            float[] cols = new float[k * plane];
            for (int m = from; m < to; m++) {
                int yBase = y.off() + m * co * plane;
                for (int o = 0; o < co; o++) {
                    float bias = b == null ? 0f : b.floats()[b.off() + o];
                    for (int t = yBase + o * plane; t < yBase + (o + 1) * plane; t++) {
                        ys[t] = accumulate ? ys[t] + bias : bias;
                    }
                }
                ConvPatches.im2col(d, x.floats(), x.off() + m * d.inChannels() * d.inPlane(), cols);
                Gemm.gemm(1, co, plane, k, 1f, weights, GemmMatrix.rowMajor(cols, 0, 0, plane, false), 1f,
                        GemmMatrix.rowMajor(ys, yBase, 0, plane, false));
            }
        });
    }

    /** x (M, Ci, Hi, Wi) = [x +] b + conv^T(y, w), b (Ci) or null; without accumulate x's contents are ignored. */
    static void images(ConvDims d, Tensor y, Tensor w, Tensor b, Tensor x, boolean accumulate) {
        if (!VectorWidth.enabled()) {
            ConvReference.images(d, y, w, b, x, accumulate);
            return;
        }
        int ci = d.inChannels(), k = d.patch(), plane = d.outPlane();
        GemmMatrix weightsT = GemmMatrix.rowMajor(w.floats(), w.off(), 0, k, true);
        float[] xs = x.floats();
        Parallel.forRange(d.images(), flops(d), (from, to) -> {
            float[] cols = new float[k * plane];
            for (int m = from; m < to; m++) {
                int xBase = x.off() + m * ci * d.inPlane();
                for (int c = 0; c < ci; c++) {
                    float bias = b == null ? 0f : b.floats()[b.off() + c];
                    for (int t = xBase + c * d.inPlane(); t < xBase + (c + 1) * d.inPlane(); t++) {
                        xs[t] = accumulate ? xs[t] + bias : bias;
                    }
                }
                GemmMatrix ym = GemmMatrix.rowMajor(y.floats(), y.off() + m * d.outChannels() * plane, 0, plane, false);
                Gemm.gemm(1, k, plane, d.outChannels(), 1f, weightsT, ym, 0f,
                        GemmMatrix.rowMajor(cols, 0, 0, plane, false));
                ConvPatches.col2imAdd(d, cols, xs, xBase);
            }
        });
    }

    /** dw (Co, Ci, Kh, Kw) += Σ_m y[m] (Co, Ho·Wo) · im2col(x[m])^T. */
    static void weightGrad(ConvDims d, Tensor x, Tensor y, Tensor dw) {
        if (!VectorWidth.enabled()) {
            ConvReference.weightGrad(d, x, y, dw);
            return;
        }
        int co = d.outChannels(), k = d.patch(), plane = d.outPlane();
        int groups = Math.min(d.images(), WEIGHT_GROUPS);
        float[][] partial = new float[groups][co * k];
        long groupFlops = flops(d) * Math.ceilDiv(d.images(), Math.max(groups, 1));
        Parallel.forRange(groups, groupFlops, (from, to) -> {
            float[] cols = new float[k * plane];
            for (int g = from; g < to; g++) {
                GemmMatrix acc = GemmMatrix.rowMajor(partial[g], 0, 0, k, false);
                for (int m = d.images() * g / groups; m < d.images() * (g + 1) / groups; m++) {
                    ConvPatches.im2col(d, x.floats(), x.off() + m * d.inChannels() * d.inPlane(), cols);
                    GemmMatrix ym = GemmMatrix.rowMajor(y.floats(), y.off() + m * co * plane, 0, plane, false);
                    Gemm.gemm(1, co, k, plane, 1f, ym, GemmMatrix.rowMajor(cols, 0, 0, plane, true), 1f, acc);
                }
            }
        });
        float[] dws = dw.floats();
        for (int i = 0; i < co * k; i++) {
            float sum = 0f;
            for (float[] p : partial) {
                sum += p[i];
            }
            dws[dw.off() + i] += sum;
        }
    }

    /** db (Co) += Σ_{m, plane} dy[m, c, plane] for dy (M, Co, Ho·Wo), summed in (m, plane) order. */
    static void biasGrad(int images, int channels, int plane, Tensor dy, Tensor db) {
        float[] g = dy.floats();
        float[] out = db.floats();
        for (int c = 0; c < channels; c++) {
            float sum = 0f;
            for (int m = 0; m < images; m++) {
                int base = dy.off() + (m * channels + c) * plane;
                for (int t = base; t < base + plane; t++) {
                    sum += g[t];
                }
            }
            out[db.off() + c] += sum;
        }
    }

    /** Multiply-adds of one image, times 2. */
    private static long flops(ConvDims d) {
        return 2L * d.outChannels() * d.patch() * d.outPlane();
    }
}
