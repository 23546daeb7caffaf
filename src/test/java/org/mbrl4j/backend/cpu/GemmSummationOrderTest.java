package org.mbrl4j.backend.cpu;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.HostStorage;

/**
 * The packed GEMM's bits do not depend on the micro-kernel's tile ({@link GemmKernel#MR} × {@link GemmKernel#NR},
 * chosen per machine) or on kept panels: every C element is exactly the scalar model of its summation
 * order, checked bit for bit on fresh random TD-MPC2 shapes (M 256..3216, K and N 65..1024) for x·w^T,
 * dy·w and dy^T·x, plain and 5-head ensemble, beta 0 and 1, alpha 1 or -0.75. The model: C ← beta·C (beta = 0 writes 0),
 * then per depth block of {@link Gemm#depthBlock} in order, {@code acc = 0; acc = fma(alpha·a_ik, b_kj, acc)}
 * for k in the block in order, {@code C += acc}. This is the order the 6 × 2-vector kernel of
 * earlier versions used, so a GEMM that passes here computes what the old one computed. With a bias row
 * ({@link Gemm#gemmWithBias}) the model starts from C = bias instead, as the layers once filled C before a
 * beta = 1 GEMM; C is then NaN on entry, to show it is never read.
 */
class GemmSummationOrderTest {
    private final long seed = System.nanoTime();
    private final SplittableRandom rnd = new SplittableRandom(seed);

    @Test
    void packedProductsEqualTheBlockedFmaModelOnRandomShapes() {
        String[] layouts = {"x·w^T", "dy·w", "dy^T·x"};
        for (int round = 0; round < 6; round++) {
            int m = rnd.nextInt(256, 3217);
            int k = rnd.nextInt(65, 1025);
            int n = rnd.nextInt(65, 1025);
            // The scalar model is slow: keep a round near 0.1 GFLOP.
            while ((long) m * k * n > 80_000_000L) {
                m = Math.max(256, m / 2);
                k = Math.max(65, k * 3 / 4);
                n = Math.max(65, n * 3 / 4);
            }
            String layout = layouts[round % 3];
            int heads = round < 3 ? 1 : 5;
            float beta = round % 2 == 0 ? 0f : 1f;
            check(heads, m, k, n, layout, beta, round % 2 == 1);
        }
    }

    /** F = 101 (two-hot bins) leaves 5 columns in the last panel: the one-vector edge kernel's order too. */
    @Test
    void narrowEdgePanelsKeepTheOrder() {
        check(1, 256, 512, 101, "x·w^T", 0f, true);
        check(5, 260, 70, 101, "dy·w", 1f, false);
    }

    /**
     * op(A) read in place ({@link Gemm#readsAInPlace}: rows contiguous for x·w^T and dy·w, columns for
     * dy^T·x) and packed: both the model's bits, over one or two depth blocks, with bottom edge rows (their
     * panels packed), right edges of at most one vector (the masked narrow kernels, in place) and wider (packed
     * panel), beta 0 and 1, a bias, and alpha -0.75 (N a multiple of 3: packed, scaled).
     */
    @Test
    void aReadInPlaceAndAPackedGiveTheModelsBits() {
        boolean saved = Gemm.inPlaceA;
        try {
            for (boolean inPlace : new boolean[] {false, true}) {
                Gemm.inPlaceA = inPlace;
                int vl = GemmKernel.VL;
                int[] edges = {0, rnd.nextInt(1, vl + 1), rnd.nextInt(1, vl + 1), GemmKernel.NR - rnd.nextInt(1, vl)};
                String[] layouts = {"x·w^T", "dy·w", "dy^T·x"};
                for (int round = 0; round < edges.length; round++) {
                    int m = Gemm.MC + rnd.nextInt(170, 500); // bottom edge rows when m % MR != 0
                    int n = GemmKernel.NR * rnd.nextInt(1, 6) + edges[round];
                    int k = rnd.nextInt(65, 2 * Gemm.KC + 100);
                    String layout = layouts[rnd.nextInt(0, 3)];
                    check(1, m, k, n, layout, round % 2 == 0 ? 0f : 1f, !layout.equals("dy^T·x"));
                    check(1, m, rnd.nextInt(65, 600), n, "x·w^T", 1f, true, true);
                }
            }
        } finally {
            Gemm.inPlaceA = saved;
        }
    }

    /**
     * A single observation's layer (M <= 4, x·w^T: the direct dot form, four columns at a time): each element
     * equals the scalar model of its order, two VL-lane accumulators over 2·VL-float steps, a VL-float step into
     * the first, the lanes of their sum added in lane order from 0, then the tail's products one by one.
     */
    @Test
    void directDotProductsKeepTheirLaneOrder() {
        int vl = GemmKernel.VL;
        for (int round = 0; round < 20; round++) {
            int m = rnd.nextInt(1, Gemm.DIRECT_MAX_ROWS + 1);
            int k = rnd.nextInt(1, 5 * vl);
            int n = rnd.nextInt(1, 40);
            float alpha = round % 2 == 0 ? 1f : -0.75f;
            float[] a = uniform(m * k);
            float[] w = uniform(n * k);
            float[] c0 = uniform(m * n);
            float[] c = c0.clone();
            Gemm.gemm(1, m, n, k, alpha, GemmMatrix.rowMajor(a, 0, 0, k, false), GemmMatrix.rowMajor(w, 0, 0, k, true),
                    1f, GemmMatrix.rowMajor(c, 0, 0, n, false), null);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float[] acc0 = new float[vl];
                    float[] acc1 = new float[vl];
                    int p = 0;
                    for (; p + 2 * vl <= k; p += 2 * vl) {
                        for (int l = 0; l < vl; l++) {
                            acc0[l] = Math.fma(a[i * k + p + l], w[j * k + p + l], acc0[l]);
                            acc1[l] = Math.fma(a[i * k + p + vl + l], w[j * k + p + vl + l], acc1[l]);
                        }
                    }
                    for (; p + vl <= k; p += vl) {
                        for (int l = 0; l < vl; l++) {
                            acc0[l] = Math.fma(a[i * k + p + l], w[j * k + p + l], acc0[l]);
                        }
                    }
                    float dot = 0f;
                    for (int l = 0; l < vl; l++) {
                        dot += acc0[l] + acc1[l];
                    }
                    for (; p < k; p++) {
                        dot += a[i * k + p] * w[j * k + p];
                    }
                    float expected = c0[i * n + j] + alpha * dot;
                    if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(c[i * n + j])) {
                        throw new AssertionError("direct M=" + m + " K=" + k + " N=" + n + " alpha=" + alpha + " (seed "
                                + seed + "): C[" + i + "][" + j + "] is " + c[i * n + j] + ", the lane model gives "
                                + expected);
                    }
                }
            }
        }
    }

    /** The layer's y = x·w^T + b: tiles start from the bias (one depth block or several; per head). */
    @Test
    void biasRowsStartTheTilesWithTheBitsOfAFilledC() {
        check(1, rnd.nextInt(256, 700), rnd.nextInt(65, 257), rnd.nextInt(65, 300), "x·w^T", 1f, true, true);
        check(3, rnd.nextInt(100, 300), rnd.nextInt(300, 600), rnd.nextInt(65, 200), "x·w^T", 1f, false, true);
        check(2, 5, 70, 101, "x·w^T", 1f, true, true);
    }

    /** A product without packing (M <= 4, the direct path) fills C with the bias first: the same bits. */
    @Test
    void biasRowsOnTheDirectPathEqualAFilledC() {
        int m = rnd.nextInt(1, Gemm.DIRECT_MAX_ROWS + 1);
        int k = rnd.nextInt(1, 300);
        int n = rnd.nextInt(1, 200);
        float[] a = uniform(2 * m * k);
        float[] w = uniform(2 * n * k);
        float[] bias = uniform(2 * n);
        GemmMatrix am = GemmMatrix.rowMajor(a, 0, m * k, k, false);
        GemmMatrix wm = GemmMatrix.rowMajor(w, 0, n * k, k, true);
        float[] filled = new float[2 * m * n];
        for (int e = 0; e < 2; e++) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(bias, e * n, filled, (e * m + i) * n, n);
            }
        }
        Gemm.gemm(2, m, n, k, 1f, am, wm, 1f, GemmMatrix.rowMajor(filled, 0, m * n, n, false));
        float[] c = new float[2 * m * n];
        java.util.Arrays.fill(c, Float.NaN);
        Gemm.gemmWithBias(2, m, n, k, 1f, am, wm, Gemm.biasRows(bias, 0, n), GemmMatrix.rowMajor(c, 0, m * n, n, false),
                null);
        for (int i = 0; i < c.length; i++) {
            if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(filled[i])) {
                throw new AssertionError("direct M=" + m + " K=" + k + " N=" + n + " (seed " + seed + "): C[" + i
                        + "] is " + c[i] + " with the bias start, " + filled[i] + " with a filled C");
            }
        }
    }

    private void check(int heads, int m, int k, int n, String layout, float beta, boolean kept) {
        check(heads, m, k, n, layout, beta, kept, false);
    }

    private void check(int heads, int m, int k, int n, String layout, float beta, boolean kept, boolean withBias) {
        boolean transA = layout.equals("dy^T·x");
        boolean transB = layout.equals("x·w^T");
        float[] a = uniform(heads * m * k);
        float[] b = uniform(heads * k * n);
        float[] c0 = uniform(heads * m * n);
        GemmMatrix am = GemmMatrix.rowMajor(a, 0, m * k, transA ? m : k, transA);
        GemmMatrix bm = GemmMatrix.rowMajor(b, 0, k * n, transB ? k : n, transB);
        float alpha = n % 3 == 0 ? -0.75f : 1f;
        float[] c = c0.clone();
        float[] bias = withBias ? uniform(heads * n) : null;
        if (withBias) {
            java.util.Arrays.fill(c, Float.NaN);
            Gemm.gemmWithBias(heads, m, n, k, alpha, am, bm, Gemm.biasRows(bias, 0, n),
                    GemmMatrix.rowMajor(c, 0, m * n, n, false), kept ? new HostStorage(b, null) : null);
        } else {
            Gemm.gemm(heads, m, n, k, alpha, am, bm, beta, GemmMatrix.rowMajor(c, 0, m * n, n, false),
                    kept ? new HostStorage(b, null) : null);
        }
        int kcMax = Gemm.depthBlock(k);
        String what = "heads=" + heads + " M=" + m + " K=" + k + " N=" + n + " " + layout + " alpha=" + alpha + " beta=" + beta
                + (withBias ? " bias" : "") + (kept ? " kept" : " per call") + " tile " + GemmKernel.MR + "x" + GemmKernel.NR;
        for (int e = 0; e < heads; e++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int ci = e * m * n + i * n + j;
                    float expected = withBias ? bias[e * n + j] : beta == 0f ? 0f : c0[ci] * beta;
                    for (int p0 = 0; p0 < k; p0 += kcMax) {
                        float acc = 0f;
                        for (int p = p0; p < Math.min(k, p0 + kcMax); p++) {
                            acc = Math.fma(alpha * a[am.at(e, i, p)], b[bm.at(e, p, j)], acc);
                        }
                        expected += acc;
                    }
                    if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(c[ci])) {
                        throw new AssertionError(what + " (seed " + seed + "): C[" + e + "][" + i + "][" + j + "] is "
                                + c[ci] + ", the blocked FMA model gives " + expected);
                    }
                }
            }
        }
    }

    private float[] uniform(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }
}
