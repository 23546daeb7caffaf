package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.ConvDims;
import org.mbrl4j.tensor.Tensor;

/**
 * The three cores every convolution op is built from, on the dims of one convolution
 * x (M, Ci, Hi, Wi) → y (M, Co, Ho, Wo) with w (Co, Ci, Kh, Kw) ({@link ConvDims}):
 * {@link #features} (the convolution), {@link #images} (its adjoint: the transposed convolution and the
 * input gradient) and {@link #weightGrad}, plus {@link #biasGrad}. Images go through im2col
 * ({@link ConvPatches}) and the CPU {@link Gemm} in blocks of {@link #blockImages} images side by side,
 * so that one GEMM of about {@link #BLOCK_COLUMNS} columns serves a block: a deep layer with a few
 * pixels per image (PlaNet's 2×2 and 1×1 planes) would otherwise be a matrix-vector product per image
 * that packs the weight again each time. Blocks run in parallel when there are several; a single block
 * leaves the parallelism to the GEMM. The block size and the weight gradient's image groups depend on
 * the dims only, never on the thread count, so results do not depend on the machine.
 * With vectors disabled everything runs {@link ConvReference}.
 */
final class Conv2d {
    private Conv2d() {}

    /** Partial weight gradients summed at the end; fixed so the summation order is too. */
    static final int WEIGHT_GROUPS = 4;

    /** GEMM columns (output pixels of all images of a block) a block aims at. */
    static final int BLOCK_COLUMNS = 512;

    /** Images per block: enough for {@link #BLOCK_COLUMNS} columns of outPlane pixels each, at most all. */
    static int blockImages(ConvDims d) {
        return Math.max(1, Math.min(d.images(), Math.ceilDiv(BLOCK_COLUMNS, d.outPlane())));
    }

    /** y (M, Co, Ho, Wo) = [y +] b + conv(x, w), b (Co) or null; without accumulate y's contents are ignored. */
    static void features(ConvDims d, Tensor x, Tensor w, Tensor b, Tensor y, boolean accumulate) {
        if (!VectorWidth.enabled()) {
            ConvReference.features(d, x, w, b, y, accumulate);
            return;
        }
        int co = d.outChannels(), k = d.patch(), plane = d.outPlane(), per = blockImages(d);
        GemmMatrix weights = GemmMatrix.rowMajor(w.floats(), w.off(), 0, k, false);
        float[] ys = y.floats();
        Parallel.forRange(Math.ceilDiv(d.images(), per), flops(d) * per, (from, to) -> {
            float[] cols = new float[k * per * plane];
            float[] out = new float[co * per * plane];
            for (int blk = from; blk < to; blk++) {
                int m0 = blk * per, m1 = Math.min(d.images(), m0 + per), n = (m1 - m0) * plane;
                for (int m = m0; m < m1; m++) {
                    ConvPatches.im2col(d, x.floats(), x.off() + m * d.inChannels() * d.inPlane(), cols,
                            (m - m0) * plane, n);
                }
                Gemm.gemm(1, co, n, k, 1f, weights, GemmMatrix.rowMajor(cols, 0, 0, n, false), 0f,
                        GemmMatrix.rowMajor(out, 0, 0, n, false));
                for (int m = m0; m < m1; m++) {
                    for (int o = 0; o < co; o++) {
                        float bias = b == null ? 0f : b.floats()[b.off() + o];
                        int dst = y.off() + (m * co + o) * plane, src = o * n + (m - m0) * plane;
                        for (int t = 0; t < plane; t++) {
                            ys[dst + t] = (accumulate ? ys[dst + t] + bias : bias) + out[src + t];
                        }
                    }
                }
            }
        });
    }

    /** x (M, Ci, Hi, Wi) = [x +] b + conv^T(y, w), b (Ci) or null; without accumulate x's contents are ignored. */
    static void images(ConvDims d, Tensor y, Tensor w, Tensor b, Tensor x, boolean accumulate) {
        if (!VectorWidth.enabled()) {
            ConvReference.images(d, y, w, b, x, accumulate);
            return;
        }
        int ci = d.inChannels(), co = d.outChannels(), k = d.patch(), plane = d.outPlane(), per = blockImages(d);
        GemmMatrix weightsT = GemmMatrix.rowMajor(w.floats(), w.off(), 0, k, true);
        float[] xs = x.floats();
        Parallel.forRange(Math.ceilDiv(d.images(), per), flops(d) * per, (from, to) -> {
            float[] rows = new float[co * per * plane];
            float[] cols = new float[k * per * plane];
            for (int blk = from; blk < to; blk++) {
                int m0 = blk * per, m1 = Math.min(d.images(), m0 + per), n = (m1 - m0) * plane;
                gatherBlock(y, co, plane, m0, m1, rows);
                Gemm.gemm(1, k, n, co, 1f, weightsT, GemmMatrix.rowMajor(rows, 0, 0, n, false), 0f,
                        GemmMatrix.rowMajor(cols, 0, 0, n, false));
                for (int m = m0; m < m1; m++) {
                    int xBase = x.off() + m * ci * d.inPlane();
                    for (int c = 0; c < ci; c++) {
                        float bias = b == null ? 0f : b.floats()[b.off() + c];
                        for (int t = xBase + c * d.inPlane(); t < xBase + (c + 1) * d.inPlane(); t++) {
                            xs[t] = accumulate ? xs[t] + bias : bias;
                        }
                    }
                    ConvPatches.col2imAdd(d, cols, (m - m0) * plane, n, xs, xBase);
                }
            }
        });
    }

    /** dw (Co, Ci, Kh, Kw) += Σ_m y[m] (Co, Ho·Wo) · im2col(x[m])^T, a block of images per GEMM. */
    static void weightGrad(ConvDims d, Tensor x, Tensor y, Tensor dw) {
        if (!VectorWidth.enabled()) {
            ConvReference.weightGrad(d, x, y, dw);
            return;
        }
        int co = d.outChannels(), k = d.patch(), plane = d.outPlane(), per = blockImages(d);
        int groups = Math.min(d.images(), WEIGHT_GROUPS);
        float[][] partial = new float[groups][co * k];
        long groupFlops = flops(d) * Math.ceilDiv(d.images(), Math.max(groups, 1));
        Parallel.forRange(groups, groupFlops, (from, to) -> {
            float[] rows = new float[co * per * plane];
            float[] cols = new float[k * per * plane];
            for (int g = from; g < to; g++) {
                GemmMatrix acc = GemmMatrix.rowMajor(partial[g], 0, 0, k, false);
                int last = d.images() * (g + 1) / groups;
                for (int m0 = d.images() * g / groups; m0 < last; m0 += per) {
                    int m1 = Math.min(last, m0 + per), n = (m1 - m0) * plane;
                    gatherBlock(y, co, plane, m0, m1, rows);
                    for (int m = m0; m < m1; m++) {
                        ConvPatches.im2col(d, x.floats(), x.off() + m * d.inChannels() * d.inPlane(), cols,
                                (m - m0) * plane, n);
                    }
                    Gemm.gemm(1, co, k, n, 1f, GemmMatrix.rowMajor(rows, 0, 0, n, false),
                            GemmMatrix.rowMajor(cols, 0, 0, n, true), 1f, acc);
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

    /** rows (C, (m1 − m0)·plane) = images [m0, m1) of t (M, C, plane) side by side. */
    private static void gatherBlock(Tensor t, int channels, int plane, int m0, int m1, float[] rows) {
        int n = (m1 - m0) * plane;
        for (int m = m0; m < m1; m++) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(t.floats(), t.off() + (m * channels + c) * plane, rows, c * n + (m - m0) * plane,
                        plane);
            }
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
