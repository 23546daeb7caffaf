package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * {@code gemm} against a float64 naive product on fresh random inputs, for every transpose
 * combination, odd sizes, sizes 1, sizes off the vector width and the MR × NR tile, depth blocks
 * (K > KC), batched rank 3, and alpha/beta including beta = 0 over a NaN-filled C.
 *
 * <p>Tolerance (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., eq. 3.5): a float32
 * sum of n terms, in any order and with or without FMA, is within {@code γ_n · Σ|terms|} of the exact
 * sum, {@code γ_n = n·u / (1 - n·u)}, u = 2^-24. C's element is the sum of the K products of
 * {@code alpha·a} (alpha is rounded into a when packing) and {@code beta·c} (rounded once when C is
 * scaled): K + 1 terms, each rounded at most twice more, so
 * {@code |C - C64| <= γ_{K+3} · (Σ_k |alpha·a_ik·b_kj| + |beta·c_ij|)}. This bound is rigorous, so it
 * never fails spuriously; a dropped or doubled term (|a·b| ~ 0.25) exceeds it by orders of magnitude.
 */
class GemmTest {
    private static final double UNIT_ROUNDOFF = 0x1.0p-24;
    private static final Transpose[] TRANSPOSES = Transpose.values();

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    /** (M, K, N) triples: sizes 1, odd sizes, the direct paths (M <= 4 or N <= 4), K across the depth block. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 1}, {1, 512, 37}, {3, 100, 37}, {4, 65, 70}, {5, 64, 48}, {6, 32, 32}, {7, 33, 31},
        {17, 33, 65}, {13, 1, 29}, {29, 17, 1}, {100, 300, 257}, {130, 520, 70}, {64, 101, 96}, {700, 300, 3},
        {90, 64, 5}
    };

    @Test
    void matchesFloat64ForAllTransposesAndOddSizes() {
        List<int[]> shapes = new ArrayList<>(Arrays.asList(SHAPES));
        for (int i = 0; i < 6; i++) {
            shapes.add(new int[] {rnd.nextInt(1, 160), rnd.nextInt(1, 300), rnd.nextInt(1, 160)});
        }
        for (int[] s : shapes) {
            for (Transpose ta : TRANSPOSES) {
                for (Transpose tb : TRANSPOSES) {
                    check(1, s[0], s[1], s[2], ta, tb, 1f, 0f, false);
                }
            }
        }
    }

    @Test
    void alphaBetaAndNaNFilledCWithBetaZero() {
        float[][] alphaBeta = {{0.5f, 1f}, {-1.5f, 0.25f}, {2f, 0f}, {1f, -1f}, {0f, 0.5f}};
        for (float[] ab : alphaBeta) {
            for (Transpose ta : TRANSPOSES) {
                for (Transpose tb : TRANSPOSES) {
                    check(1, 37, 70, 45, ta, tb, ab[0], ab[1], false);
                    check(1, 3, 19, 40, ta, tb, ab[0], ab[1], false);
                }
            }
        }
        for (Transpose ta : TRANSPOSES) {
            for (Transpose tb : TRANSPOSES) {
                check(1, 23, 41, 57, ta, tb, 1.25f, 0f, true);
                check(1, 2, 41, 57, ta, tb, 1f, 0f, true);
            }
        }
    }

    @Test
    void batchedRank3() {
        int[] batches = {1, 2, 3, 5};
        for (int batch : batches) {
            for (Transpose ta : TRANSPOSES) {
                for (Transpose tb : TRANSPOSES) {
                    check(batch, rnd.nextInt(1, 70), rnd.nextInt(1, 90), rnd.nextInt(1, 70), ta, tb, 1f, 0.5f, false);
                }
            }
            check(batch, 64, 300, 40, Transpose.N, Transpose.T, 1f, 0f, true);
        }
    }

    @Test
    void scalarReferenceMatchesFloat64() {
        for (int[] s : SHAPES) {
            for (Transpose ta : TRANSPOSES) {
                for (Transpose tb : TRANSPOSES) {
                    Case c = new Case(2, s[0], s[1], s[2], ta, tb, 0.75f, 0.5f, false);
                    Gemm.reference(2, s[0], s[2], s[1], 0.75f, c.matrix(c.a, ta), c.matrix(c.b, tb), 0.5f,
                            c.matrix(c.c, Transpose.N));
                    c.verify("reference");
                }
            }
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        Tensor a = be.zeros(3, 4);
        Tensor b = be.zeros(5, 6);
        Tensor c = be.zeros(3, 6);
        var e = assertThrows(IllegalArgumentException.class,
                () -> be.dense().gemm(a, Transpose.N, b, Transpose.N, c, 1f, 0f));
        assertTrue(e.getMessage().startsWith("gemm:") && e.getMessage().contains("(5, 6)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> be.dense().gemm(a, Transpose.N, be.zeros(4, 6), Transpose.N, be.zeros(6, 3), 1f, 0f));
        assertTrue(e2.getMessage().contains("c has shape (6, 3), expected (3, 6)"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> be.dense().gemm(be.zeros(2, 3, 4), Transpose.N, be.zeros(3, 4, 6), Transpose.N,
                        be.zeros(2, 3, 6), 1f, 0f));
        assertTrue(e3.getMessage().contains("batch"), e3.getMessage());
    }

    private void check(int batch, int m, int k, int n, Transpose ta, Transpose tb, float alpha, float beta,
            boolean nanC) {
        Case c = new Case(batch, m, k, n, ta, tb, alpha, beta, nanC);
        be.dense().gemm(c.a, ta, c.b, tb, c.c, alpha, beta);
        c.verify("gemm");
    }

    /** Inputs, the float64 expectation and the error bound of one product. */
    private final class Case {
        final int batch, m, k, n;
        final Transpose ta, tb;
        final float alpha, beta;
        final Tensor a, b, c;
        final double[] expected, bound;

        Case(int batch, int m, int k, int n, Transpose ta, Transpose tb, float alpha, float beta, boolean nanC) {
            this.batch = batch;
            this.m = m;
            this.k = k;
            this.n = n;
            this.ta = ta;
            this.tb = tb;
            this.alpha = alpha;
            this.beta = beta;
            a = rnd.uniform(be, false, -1, 1, shape(ta == Transpose.N ? m : k, ta == Transpose.N ? k : m));
            b = rnd.uniform(be, false, -1, 1, shape(tb == Transpose.N ? k : n, tb == Transpose.N ? n : k));
            c = rnd.uniform(be, false, -1, 1, shape(m, n));
            if (nanC) {
                be.fill(c, Float.NaN);
            }
            float[] av = be.toArray(a);
            float[] bv = be.toArray(b);
            float[] cv = be.toArray(c);
            expected = new double[cv.length];
            bound = new double[cv.length];
            double gamma = (k + 3) * UNIT_ROUNDOFF / (1 - (k + 3) * UNIT_ROUNDOFF);
            for (int e = 0; e < batch; e++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        double abs = 0;
                        for (int p = 0; p < k; p++) {
                            double t = (double) alpha * av[e * m * k + (ta == Transpose.N ? i * k + p : p * m + i)]
                                    * bv[e * k * n + (tb == Transpose.N ? p * n + j : j * k + p)];
                            sum += t;
                            abs += Math.abs(t);
                        }
                        int ci = (e * m + i) * n + j;
                        double old = beta == 0f ? 0 : (double) beta * cv[ci];
                        expected[ci] = sum + old;
                        bound[ci] = gamma * (abs + Math.abs(old));
                    }
                }
            }
        }

        int[] shape(int rows, int cols) {
            return batch == 1 ? new int[] {rows, cols} : new int[] {batch, rows, cols};
        }

        GemmMatrix matrix(Tensor t, Transpose tr) {
            return GemmMatrix.rowMajor(t.floats(), t.off(), t.dim(-2) * t.dim(-1), t.dim(-1), tr == Transpose.T);
        }

        void verify(String what) {
            float[] got = be.toArray(c);
            double maxErr = 0;
            double worst = 0;
            StringBuilder first = new StringBuilder();
            int bad = 0;
            for (int i = 0; i < got.length; i++) {
                double err = Math.abs(got[i] - expected[i]);
                double tol = bound[i] + Double.MIN_NORMAL;
                maxErr = Math.max(maxErr, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
                worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / tol);
                if (!(err <= tol) && bad++ < 5) {
                    first.append(String.format(" [%d] %.8g vs %.8g (tol %.3g)", i, expected[i], got[i], tol));
                }
            }
            if (bad > 0) {
                throw new AssertionError(String.format(
                        "%s batch=%d M=%d K=%d N=%d ta=%s tb=%s alpha=%s beta=%s: %d mismatches (float64, got):%s;"
                                + " max |err| %.3g, worst err/tol %.3g; seed %d (replay with -Dmbrl.test.seed=%d)",
                        what, batch, m, k, n, ta, tb, alpha, beta, bad, first, maxErr, worst, rnd.seed(), rnd.seed()));
            }
        }
    }
}
