package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Adam, global-norm clipping and Polyak lerp against float64 values computed here from the formulas. */
class OptimOpsTest {
    private static final double FLOAT_EPS = Math.ulp(1f);
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;

    private final Backend be = new CpuBackend();
    private final OptimOps ops = be.optim();

    /** Plain float64 Adam state for one slot. */
    private static final class RefAdam {
        final double[] p, m, v;
        /** Σ of |terms| that went into m: float rounding is relative to this, not to |m| (cancellation). */
        final double[] mScale;
        final double lr, eps;

        RefAdam(float[] p0, float lr, float eps) {
            p = new double[p0.length];
            for (int i = 0; i < p0.length; i++) {
                p[i] = p0[i];
            }
            m = new double[p0.length];
            mScale = new double[p0.length];
            v = new double[p0.length];
            this.lr = lr;
            this.eps = eps;
        }

        void step(float[] g, int t) {
            double bc1 = 1 - Math.pow(BETA1, t);
            double bc2 = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < p.length; i++) {
                m[i] = BETA1 * m[i] + (1 - (double) BETA1) * g[i];
                mScale[i] = BETA1 * mScale[i] + (1 - (double) BETA1) * Math.abs(g[i]);
                v[i] = BETA2 * v[i] + (1 - (double) BETA2) * g[i] * g[i];
                p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
            }
        }
    }

    /** Gradients with a few tiny entries (|g| ~ 1e-7) where eps dominates the denominator. */
    private static float[] grads(TestRandom rnd, int n) {
        float[] g = rnd.floats(n, -2, 2);
        for (int i = 0; i < n; i += 3) {
            g[i] *= 1e-7f;
        }
        return g;
    }

    @Test
    void twoAdamStepsMatchTheFormulaWithPerSlotLrAndEps() {
        TestRandom rnd = new TestRandom();
        int[][] shapes = {{3, 37}, {7}};
        float[] lr = {3e-4f, 1e-2f};
        float[] eps = {1e-8f, 1e-5f};
        Tensor[] p = new Tensor[2], g = new Tensor[2], m = new Tensor[2], v = new Tensor[2];
        RefAdam[] ref = new RefAdam[2];
        for (int s = 0; s < 2; s++) {
            p[s] = rnd.uniform(be, false, -1, 1, shapes[s]);
            g[s] = be.zeros(shapes[s]);
            m[s] = be.zeros(shapes[s]);
            v[s] = be.zeros(shapes[s]);
            ref[s] = new RefAdam(be.toArray(p[s]), lr[s], eps[s]);
        }
        List<AdamSlot> slots = List.of(new AdamSlot(p[0], g[0], m[0], v[0], lr[0], eps[0]),
                new AdamSlot(p[1], g[1], m[1], v[1], lr[1], eps[1]));
        for (int step = 1; step <= 2; step++) {
            for (int s = 0; s < 2; s++) {
                float[] gs = grads(rnd, (int) g[s].numel());
                be.upload(gs, 0, g[s]);
                ref[s].step(gs, step);
            }
            ops.adam(slots, BETA1, BETA2, step);
            for (int s = 0; s < 2; s++) {
                float[] pv = be.toArray(p[s]), mv = be.toArray(m[s]), vv = be.toArray(v[s]);
                for (int i = 0; i < pv.length; i++) {
                    String at = "step " + step + " slot " + s + " element " + i + " seed " + rnd.seed();
                    // Parameter: its own float rounding per step plus a few ulps of relative error in the update.
                    double tolP = 2 * Math.ulp(pv[i]) + 1e-5 * lr[s];
                    assertEquals(ref[s].p[i], pv[i], tolP, "param; " + at);
                    assertEquals(ref[s].m[i], mv[i], 8 * FLOAT_EPS * ref[s].mScale[i], "m; " + at);
                    assertEquals(ref[s].v[i], vv[i], 8 * FLOAT_EPS * ref[s].v[i], "v; " + at);
                }
            }
        }
    }

    @Test
    void adamVectorBodyEqualsScalarReferenceBitwise() {
        TestRandom rnd = new TestRandom();
        int n = 100_003;
        float[] p0 = rnd.floats(n, -1, 1), g = grads(rnd, n), m0 = rnd.floats(n, -0.1, 0.1), v0 = rnd.floats(n, 0, 0.1);
        Tensor p = be.fromArray(p0, n), m = be.fromArray(m0, n), v = be.fromArray(v0, n);
        ops.adam(List.of(new AdamSlot(p, be.fromArray(g, n), m, v, 1e-3f, 1e-8f)), BETA1, BETA2, 5);
        OptimAdam.Coefficients c = OptimAdam.Coefficients.of(BETA1, BETA2, 5, 1e-3f, 1e-8f);
        float[] ps = p0.clone(), ms = m0.clone(), vs = v0.clone();
        OptimAdam.scalarStep(c, ps, 0, g, 0, ms, 0, vs, 0, n);
        assertArrayEquals(ps, be.toArray(p), "param; seed " + rnd.seed());
        assertArrayEquals(ms, be.toArray(m), "m; seed " + rnd.seed());
        assertArrayEquals(vs, be.toArray(v), "v; seed " + rnd.seed());
    }

    private static double sumSq(float[]... xs) {
        double s = 0;
        for (float[] x : xs) {
            for (float f : x) {
                s += (double) f * f;
            }
        }
        return s;
    }

    @Test
    void sumSquaresAccumulatesOverTensors() {
        TestRandom rnd = new TestRandom();
        float[] a = rnd.floats(2 * OptimGlobalNorm.TILE + 77, -3, 3), b = rnd.floats(33, -1, 1);
        Tensor acc = be.zeros();
        be.fill(acc, 1.5f);
        ops.sumSquares(List.of(be.fromArray(a, a.length), be.fromArray(b, 3, 11)), acc);
        double expected = 1.5 + sumSq(a, b);
        // Worst case of float lane sums over one tile: TILE · eps relative; plus the final rounding.
        double tol = (OptimGlobalNorm.TILE + 2) * FLOAT_EPS * expected;
        assertEquals(expected, be.toArray(acc)[0], tol, "seed " + rnd.seed());
        assertEquals(sumSq(a), OptimGlobalNorm.scalarTileSum(a, 0, a.length), 1e-12 * sumSq(a), "scalar reference");
    }

    @Test
    void clipByGlobalNormScalesOnlyAboveTheLimit() {
        TestRandom rnd = new TestRandom();
        float[] a = rnd.floats(513, -2, 2), b = rnd.floats(40, -5, 5);
        double norm = Math.sqrt(sumSq(a, b));
        for (boolean clip : new boolean[] {true, false}) {
            float maxNorm = (float) (clip ? norm / 3 : norm * 2);
            Tensor ta = be.fromArray(a, 513), tb = be.fromArray(b, 4, 10);
            Tensor normSq = be.zeros();
            ops.sumSquares(List.of(ta, tb), normSq);
            ops.clipByGlobalNorm(List.of(ta, tb), normSq, maxNorm);
            float[] ca = be.toArray(ta), cb = be.toArray(tb);
            if (!clip) {
                assertArrayEquals(a, ca, "below the limit nothing changes");
                assertArrayEquals(b, cb, "below the limit nothing changes");
                continue;
            }
            double coef = maxNorm / (norm + 1e-6);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i] * coef, ca[i], 1e-5 * Math.abs(a[i] * coef) + 1e-12, "a[" + i + "] seed " + rnd.seed());
            }
            for (int i = 0; i < b.length; i++) {
                assertEquals(b[i] * coef, cb[i], 1e-5 * Math.abs(b[i] * coef) + 1e-12, "b[" + i + "] seed " + rnd.seed());
            }
            assertEquals(maxNorm, Math.sqrt(sumSq(ca, cb)), 1e-5 * maxNorm, "clipped global norm; seed " + rnd.seed());
        }
    }

    @Test
    void lerpMovesTargetsTowardSources() {
        TestRandom rnd = new TestRandom();
        float tau = (float) rnd.uniform(0.001, 0.5);
        float[] t1 = rnd.floats(1003, -1, 1), s1 = rnd.floats(1003, -1, 1), t2 = rnd.floats(5, -9, 9),
                s2 = rnd.floats(5, -9, 9);
        Tensor a = be.fromArray(t1, 1003), b = be.fromArray(t2, 5);
        ops.lerp(List.of(a, b), List.of(be.fromArray(s1, 1003), be.fromArray(s2, 5)), tau);
        float[][] got = {be.toArray(a), be.toArray(b)};
        float[][] t = {t1, t2}, s = {s1, s2};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < t[k].length; i++) {
                double expected = t[k][i] + (double) tau * (s[k][i] - (double) t[k][i]);
                assertEquals(expected, got[k][i], 2 * Math.ulp((float) expected) + 2 * FLOAT_EPS * Math.abs(s[k][i]),
                        "pair " + k + " element " + i + " tau " + tau + " seed " + rnd.seed());
            }
        }
        float[] ref = t1.clone();
        OptimLerp.scalarLerp(ref, 0, s1, 0, ref.length, tau);
        assertArrayEquals(ref, got[0], "vector body vs scalar reference; seed " + rnd.seed());
    }

    @Test
    void rejectsBadArguments() {
        Tensor p = be.zeros(4), g = be.zeros(4), m = be.zeros(4), v = be.zeros(4);
        List<AdamSlot> ok = List.of(new AdamSlot(p, g, m, v, 1e-3f, 1e-8f));
        var e = assertThrows(IllegalArgumentException.class, () -> ops.adam(ok, BETA1, BETA2, 0));
        assertTrue(e.getMessage().contains("step=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.adam(ok, 1f, BETA2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ops.adam(List.of(new AdamSlot(p, be.zeros(5), m, v, 1e-3f, 1e-8f)), BETA1, BETA2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ops.adam(List.of(new AdamSlot(p, g, m, v, 1e-3f, 0f)), BETA1, BETA2, 1));
        assertThrows(IllegalArgumentException.class, () -> ops.sumSquares(List.of(p), be.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> ops.clipByGlobalNorm(List.of(p), be.zeros(), 0f));
        assertThrows(IllegalArgumentException.class, () -> ops.lerp(List.of(p), List.of(), 0.1f));
        assertThrows(IllegalArgumentException.class, () -> ops.lerp(List.of(p), List.of(be.zeros(3)), 0.1f));
        assertThrows(IllegalArgumentException.class, () -> ops.lerp(List.of(p), List.of(g), 1.5f));
        assertThrows(IllegalArgumentException.class,
                () -> ops.sumSquares(List.of(be.tensor(DType.I32, false, 2)), be.zeros()));
    }
}
