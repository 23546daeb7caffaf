package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.GemmKernel.S;
import static org.mbrl4j.backend.cpu.GemmKernel.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GEMM without packing for a few rows of C (a single observation through a layer: packing op(B) would
 * move as many floats as the product reads) or a few columns (a one-output head: a packed tile would be
 * mostly padding). {@code C[i][j] += alpha · Σ_k A[i][k] · B[k][j]}; the caller has already applied
 * beta. Two forms: rows of op(B) times scalars of A (op(B) row-contiguous), or dot products of A rows
 * and op(B) columns (both contiguous along k).
 */
final class GemmDirect {
    private GemmDirect() {}

    /** Vectors per column strip in the row-contiguous form: 4 independent FMA chains. */
    private static final int STRIP_VECTORS = 4;

    /** Whether some form applies: op(B) rows contiguous, or the dot form. */
    static boolean supports(GemmMatrix a, GemmMatrix b) {
        return b.colStride() == 1 || dotForm(a, b);
    }

    /** Whether op(A) rows and op(B) columns are both contiguous along k. */
    static boolean dotForm(GemmMatrix a, GemmMatrix b) {
        return b.rowStride() == 1 && a.colStride() == 1;
    }

    static void multiply(int e, int m0, int m1, int n0, int n1, int k, float alpha, GemmMatrix a, GemmMatrix b,
            GemmMatrix c) {
        boolean rows = b.colStride() == 1 && !(dotForm(a, b) && n1 - n0 < VL);
        for (int i = m0; i < m1; i++) {
            if (rows) {
                rowTimesRows(e, i, n0, n1, k, alpha, a, b, c);
            } else {
                int j = n0;
                for (; j + 4 <= n1; j += 4) {
                    dots4(a.data(), a.at(e, i, 0), b.data(), b.at(e, 0, j), b.colStride(), k, alpha, c.data(),
                            c.at(e, i, j), c.colStride());
                }
                for (; j < n1; j++) {
                    c.data()[c.at(e, i, j)] += alpha * dot(a.data(), a.at(e, i, 0), b.data(), b.at(e, 0, j), k);
                }
            }
        }
    }

    /** C row i += alpha · Σ_k A[i][k] · (row k of op(B)), over column strips held in registers. */
    private static void rowTimesRows(int e, int i, int n0, int n1, int k, float alpha, GemmMatrix a, GemmMatrix b,
            GemmMatrix c) {
        float[] ad = a.data();
        float[] bd = b.data();
        float[] cd = c.data();
        int strip = STRIP_VECTORS * VL;
        int j = n0;
        for (; j + strip <= n1; j += strip) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k; p++) {
                FloatVector av = FloatVector.broadcast(S, ad[a.at(e, i, p)]);
                int bi = b.at(e, p, j);
                s0 = av.fma(FloatVector.fromArray(S, bd, bi), s0);
                s1 = av.fma(FloatVector.fromArray(S, bd, bi + VL), s1);
                s2 = av.fma(FloatVector.fromArray(S, bd, bi + 2 * VL), s2);
                s3 = av.fma(FloatVector.fromArray(S, bd, bi + 3 * VL), s3);
            }
            int ci = c.at(e, i, j);
            FloatVector.fromArray(S, cd, ci).add(s0.mul(alpha)).intoArray(cd, ci);
            FloatVector.fromArray(S, cd, ci + VL).add(s1.mul(alpha)).intoArray(cd, ci + VL);
            FloatVector.fromArray(S, cd, ci + 2 * VL).add(s2.mul(alpha)).intoArray(cd, ci + 2 * VL);
            FloatVector.fromArray(S, cd, ci + 3 * VL).add(s3.mul(alpha)).intoArray(cd, ci + 3 * VL);
        }
        for (; j + VL <= n1; j += VL) {
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                s = FloatVector.broadcast(S, ad[a.at(e, i, p)]).fma(FloatVector.fromArray(S, bd, b.at(e, p, j)), s);
            }
            int ci = c.at(e, i, j);
            FloatVector.fromArray(S, cd, ci).add(s.mul(alpha)).intoArray(cd, ci);
        }
        for (; j < n1; j++) {
            float s = 0f;
            for (int p = 0; p < k; p++) {
                s += ad[a.at(e, i, p)] * bd[b.at(e, p, j)];
            }
            cd[c.at(e, i, j)] += alpha * s;
        }
    }

    /**
     * {@code c[co + q·cs] += alpha · dot(x, y row q)} for the four rows q < 4 of y at {@code yo + q·ys}, each
     * dot summed exactly as {@link #dot} sums it (same bits): the four interleaved give the core 8 independent
     * FMA chains where one dot has 2, which bound a single observation's layer by FMA latency.
     */
    private static void dots4(float[] x, int xo, float[] y, int yo, int ys, int k, float alpha, float[] c, int co,
            int cs) {
        int y0 = yo;
        int y1 = yo + ys;
        int y2 = y1 + ys;
        int y3 = y2 + ys;
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
        int p = 0;
        for (; p + 2 * VL <= k; p += 2 * VL) {
            FloatVector x0 = FloatVector.fromArray(S, x, xo + p);
            FloatVector x1 = FloatVector.fromArray(S, x, xo + p + VL);
            s00 = x0.fma(FloatVector.fromArray(S, y, y0 + p), s00);
            s01 = x1.fma(FloatVector.fromArray(S, y, y0 + p + VL), s01);
            s10 = x0.fma(FloatVector.fromArray(S, y, y1 + p), s10);
            s11 = x1.fma(FloatVector.fromArray(S, y, y1 + p + VL), s11);
            s20 = x0.fma(FloatVector.fromArray(S, y, y2 + p), s20);
            s21 = x1.fma(FloatVector.fromArray(S, y, y2 + p + VL), s21);
            s30 = x0.fma(FloatVector.fromArray(S, y, y3 + p), s30);
            s31 = x1.fma(FloatVector.fromArray(S, y, y3 + p + VL), s31);
        }
        for (; p + VL <= k; p += VL) {
            FloatVector x0 = FloatVector.fromArray(S, x, xo + p);
            s00 = x0.fma(FloatVector.fromArray(S, y, y0 + p), s00);
            s10 = x0.fma(FloatVector.fromArray(S, y, y1 + p), s10);
            s20 = x0.fma(FloatVector.fromArray(S, y, y2 + p), s20);
            s30 = x0.fma(FloatVector.fromArray(S, y, y3 + p), s30);
        }
        float d0 = VectorMath.sumLanes(s00.add(s01));
        float d1 = VectorMath.sumLanes(s10.add(s11));
        float d2 = VectorMath.sumLanes(s20.add(s21));
        float d3 = VectorMath.sumLanes(s30.add(s31));
        for (; p < k; p++) {
            d0 += x[xo + p] * y[y0 + p];
            d1 += x[xo + p] * y[y1 + p];
            d2 += x[xo + p] * y[y2 + p];
            d3 += x[xo + p] * y[y3 + p];
        }
        c[co] += alpha * d0;
        c[co + cs] += alpha * d1;
        c[co + 2 * cs] += alpha * d2;
        c[co + 3 * cs] += alpha * d3;
    }

    /** Σ_p x[xo + p] · y[yo + p] for p < k: vector body of two accumulators, scalar tail. */
    private static float dot(float[] x, int xo, float[] y, int yo, int k) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        int p = 0;
        for (; p + 2 * VL <= k; p += 2 * VL) {
            s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
            s1 = FloatVector.fromArray(S, x, xo + p + VL).fma(FloatVector.fromArray(S, y, yo + p + VL), s1);
        }
        for (; p + VL <= k; p += VL) {
            s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
        }
        float s = VectorMath.sumLanes(s0.add(s1));
        for (; p < k; p++) {
            s += x[xo + p] * y[yo + p];
        }
        return s;
    }
}
