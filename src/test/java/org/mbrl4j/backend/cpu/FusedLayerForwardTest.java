package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * {@code fusedLayerForward} against a float64 composition written here: linear, dropout with the
 * documented Philox mask, LayerNorm (biased variance), Mish / SimNorm / identity. Each saved stage is
 * checked on its own so that every tolerance is a rounding bound of that stage alone (u = 2^-24):
 * <ul>
 *   <li>u: the GEMM bound γ_{K+3}·(Σ_k |x·w| + |b|)·scale (K products and the bias summed in float32,
 *       then two roundings: the product and the dropout scale); dropped elements exactly 0.</li>
 *   <li>mean, rstd against float64 statistics of the kernel's own u: one float rounding each
 *       (rstd 2u for the float mean inside the variance); float64 accumulation error 2^-52·Σ|u|.</li>
 *   <li>y against the float64 activation of the float64 LayerNorm of the kernel's u: δh ≤
 *       |γ|·rstd·δmean + 5u·|x̂·γ| + u·|h| (four roundings and rstd's 2u); Mish adds 1.1·δh (|mish'| ≤ 1.1)
 *       and its own 4u·|h|·(1 + softplus h); SimNorm's output is relative, y·(2·(2·δh_max + u·|h - max|)
 *       + (D + 3)·u) for D terms in the softmax sum.</li>
 * </ul>
 */
class FusedLayerForwardTest {
    private static final double U = 0x1.0p-24;
    private static final float EPS = 1e-5f;
    private static final int SIMNORM_DIM = 8;
    private static final float P = 0.3f;
    /** Bound on |d mish / dx| over the reals (the maximum is about 1.0998 near x = 1.2). */
    private static final double MISH_LIPSCHITZ = 1.1;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @Test
    void plainLayerMatchesFloat64() {
        for (Activation act : Activation.values()) {
            for (boolean dropout : new boolean[] {false, true}) {
                check(0, false, 37, 67, 48, act, dropout);
            }
        }
        check(0, false, 32, 518, 512, Activation.MISH, true);
        check(0, false, 5, 101, 512, Activation.SIMNORM, false);
    }

    @Test
    void ensembleLayerMatchesFloat64() {
        for (Activation act : Activation.values()) {
            for (boolean dropout : new boolean[] {false, true}) {
                check(3, true, 19, 33, 40, act, dropout);
                check(3, false, 19, 33, 40, act, dropout);
            }
        }
        check(5, true, 24, 512, 64, Activation.MISH, true);
    }

    /**
     * The fused dropout is RandomOps.dropoutForward's, bit for bit: u with dropout equals
     * dropoutForward applied to u without dropout (the same GEMM, so the same z), for an odd N whose
     * rows start inside Philox blocks, plain and ensemble.
     */
    @Test
    void dropoutMatchesRandomOpsBitForBit() {
        int[][] cases = {{0, 13, 21, 37}, {3, 7, 16, 45}};
        for (int[] c : cases) {
            int e = Math.max(c[0], 1);
            boolean ens = c[0] > 0;
            int m = c[1], k = c[2], n = c[3];
            Tensor x = rnd.uniform(be, false, -1, 1, m, k);
            Tensor w = rnd.uniform(be, false, -1, 1, ens ? new int[] {e, n, k} : new int[] {n, k});
            int[] param = ens ? new int[] {e, n} : new int[] {n};
            Tensor b = rnd.uniform(be, false, -1, 1, param);
            Tensor gamma = rnd.uniform(be, false, 0.5, 1.5, param);
            Tensor beta = rnd.uniform(be, false, -1, 1, param);
            int[] out = ens ? new int[] {e, m, n} : new int[] {m, n};
            int[] rows = ens ? new int[] {e, m} : new int[] {m};
            DropoutSpec spec = new DropoutSpec(P, new PhiloxKey(rnd.nextLong(), rnd.nextLong(), rnd.nextInt(1000)));
            Tensor plainU = be.zeros(out);
            Tensor dropU = be.zeros(out);
            be.dense().fusedLayerForward(x, w, b, null, gamma, beta, EPS, Activation.IDENTITY, 1, be.zeros(out), plainU,
                    be.zeros(rows), be.zeros(rows));
            be.dense().fusedLayerForward(x, w, b, spec, gamma, beta, EPS, Activation.IDENTITY, 1, be.zeros(out), dropU,
                    be.zeros(rows), be.zeros(rows));
            Tensor expected = be.zeros(out);
            be.random().dropoutForward(plainU, spec, expected);
            float[] want = be.toArray(expected);
            float[] got = be.toArray(dropU);
            int zeros = 0;
            for (int i = 0; i < want.length; i++) {
                int idx = i;
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), () -> String.format(
                        "E=%d M=%d F=%d element %d: dropoutForward %s vs fused %s; seed %d", c[0], m, n, idx, want[idx],
                        got[idx], rnd.seed()));
                zeros += got[i] == 0f ? 1 : 0;
            }
            assertTrue(zeros > 0 && zeros < want.length, "mask must drop some and keep some: " + zeros);
        }
    }

    @Test
    void rejectsBadShapes() {
        Tensor x = be.zeros(4, 6);
        Tensor w = be.zeros(16, 6);
        Tensor p = be.zeros(16);
        Tensor y = be.zeros(4, 16);
        var e = assertThrows(IllegalArgumentException.class, () -> be.dense().fusedLayerForward(x, w, p, null,
                be.zeros(15), p, EPS, Activation.MISH, 8, y, be.zeros(4, 16), be.zeros(4), be.zeros(4)));
        assertTrue(e.getMessage().startsWith("fusedLayerForward: gamma has shape (15)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> be.dense().fusedLayerForward(x, w, p, null, p, p,
                EPS, Activation.SIMNORM, 5, y, be.zeros(4, 16), be.zeros(4), be.zeros(4)));
        assertTrue(e2.getMessage().contains("simnormDim=5"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> be.dense().fusedLayerForward(be.zeros(2, 4, 6),
                be.zeros(3, 16, 6), be.zeros(3, 16), null, be.zeros(3, 16), be.zeros(3, 16), EPS, Activation.MISH, 8,
                be.zeros(3, 4, 16), be.zeros(3, 4, 16), be.zeros(3, 4), be.zeros(3, 4)));
        assertTrue(e3.getMessage().startsWith("fusedLayerForward: x has shape (2, 4, 6)"), e3.getMessage());
    }

    /** heads = 0: plain layer; otherwise an ensemble with shared or per-head x. */
    private void check(int heads, boolean sharedX, int m, int k, int n, Activation act, boolean dropout) {
        int e = Math.max(heads, 1);
        boolean ens = heads > 0;
        Tensor x = rnd.uniform(be, false, -1, 1, ens && !sharedX ? new int[] {e, m, k} : new int[] {m, k});
        Tensor w = rnd.uniform(be, false, -0.2, 0.2, ens ? new int[] {e, n, k} : new int[] {n, k});
        int[] param = ens ? new int[] {e, n} : new int[] {n};
        Tensor b = rnd.uniform(be, false, -0.5, 0.5, param);
        Tensor gamma = rnd.uniform(be, false, 0.5, 1.5, param);
        Tensor beta = rnd.uniform(be, false, -0.5, 0.5, param);
        int[] out = ens ? new int[] {e, m, n} : new int[] {m, n};
        int[] rows = ens ? new int[] {e, m} : new int[] {m};
        Tensor y = be.zeros(out);
        Tensor u = be.zeros(out);
        Tensor mean = be.zeros(rows);
        Tensor rstd = be.zeros(rows);
        DropoutSpec spec = dropout ? new DropoutSpec(P, new PhiloxKey(rnd.nextLong(), rnd.nextLong(), 0)) : null;
        be.dense().fusedLayerForward(x, w, b, spec, gamma, beta, EPS, act, SIMNORM_DIM, y, u, mean, rstd);

        String what = String.format("fusedLayerForward E=%d %s M=%d Fi=%d F=%d %s dropout=%s", heads,
                sharedX ? "shared" : "per-head", m, k, n, act, dropout);
        Report rep = new Report(what);
        float[] xv = be.toArray(x), wv = be.toArray(w), bv = be.toArray(b), gv = be.toArray(gamma),
                btv = be.toArray(beta), yv = be.toArray(y), uv = be.toArray(u), meanv = be.toArray(mean),
                rstdv = be.toArray(rstd);
        double scale = dropout ? 1.0 / (1.0 - P) : 1.0;
        double gammaK = (k + 3) * U / (1 - (k + 3) * U);
        int[] block = new int[4];
        for (int r = 0; r < e * m; r++) {
            int head = r / m;
            int xo = (ens && sharedX ? r % m : r) * k;
            // ---- linear + dropout: u ----
            for (int j = 0; j < n; j++) {
                int i = r * n + j;
                double z = bv[head * n + j];
                double abs = Math.abs(z);
                for (int p = 0; p < k; p++) {
                    double t = (double) xv[xo + p] * wv[(head * n + j) * k + p];
                    z += t;
                    abs += Math.abs(t);
                }
                boolean keep = true;
                if (dropout) {
                    Philox.block(spec.key(), i / 4, block);
                    keep = Philox.toUniform(block[i % 4]) >= P;
                }
                rep.check("u", i, keep ? z * scale : 0, uv[i], keep ? gammaK * abs * scale : 0);
            }
            // ---- LayerNorm statistics of the kernel's u ----
            double sum = 0, sumAbs = 0;
            for (int j = 0; j < n; j++) {
                sum += uv[r * n + j];
                sumAbs += Math.abs(uv[r * n + j]);
            }
            double mu = sum / n;
            double sq = 0;
            for (int j = 0; j < n; j++) {
                sq += (uv[r * n + j] - mu) * (uv[r * n + j] - mu);
            }
            double rs = 1 / Math.sqrt(sq / n + EPS);
            double muTol = U * Math.abs(mu) + 0x1.0p-52 * sumAbs;
            rep.check("mean", r, mu, meanv[r], muTol);
            rep.check("rstd", r, rs, rstdv[r], 2 * U * rs);
            // ---- affine and activation ----
            double[] h = new double[n];
            double[] dh = new double[n];
            for (int j = 0; j < n; j++) {
                double g = gv[head * n + j];
                double xhatG = (uv[r * n + j] - mu) * rs * g;
                h[j] = xhatG + btv[head * n + j];
                dh[j] = Math.abs(g) * rs * muTol + 5 * U * Math.abs(xhatG) + U * Math.abs(h[j]);
            }
            activationCheck(rep, act, r, n, h, dh, yv);
        }
        rep.assertOk(rnd.seed());
    }

    private static void activationCheck(Report rep, Activation act, int r, int n, double[] h, double[] dh, float[] y) {
        switch (act) {
            case IDENTITY -> {
                for (int j = 0; j < n; j++) {
                    rep.check("y", r * n + j, h[j], y[r * n + j], dh[j]);
                }
            }
            case MISH -> {
                for (int j = 0; j < n; j++) {
                    double sp = Math.log1p(Math.exp(h[j]));
                    double tol = MISH_LIPSCHITZ * dh[j] + 4 * U * Math.abs(h[j]) * (1 + sp);
                    rep.check("y", r * n + j, h[j] * Math.tanh(sp), y[r * n + j], tol);
                }
            }
            case SIMNORM -> {
                for (int g = 0; g < n; g += SIMNORM_DIM) {
                    double max = Double.NEGATIVE_INFINITY, dmax = 0, total = 0, groupSum = 0, spread = 0;
                    for (int j = g; j < g + SIMNORM_DIM; j++) {
                        max = Math.max(max, h[j]);
                        dmax = Math.max(dmax, dh[j]);
                    }
                    for (int j = g; j < g + SIMNORM_DIM; j++) {
                        total += Math.exp(h[j] - max);
                        spread = Math.max(spread, max - h[j]);
                        groupSum += y[r * n + j];
                    }
                    for (int j = g; j < g + SIMNORM_DIM; j++) {
                        double p = Math.exp(h[j] - max) / total;
                        double tol = p * (2 * (2 * dmax + U * spread) + (SIMNORM_DIM + 3) * U);
                        rep.check("y", r * n + j, p, y[r * n + j], tol);
                    }
                    double sumTol = (SIMNORM_DIM + 1) * U / (1 - (SIMNORM_DIM + 1) * U);
                    rep.check("simnorm group sum", r * n + g, 1.0, groupSum, sumTol);
                }
            }
        }
    }

    /** Collects mismatches (name, index, float64, kernel) and the worst error/tolerance ratio. */
    private static final class Report {
        private final String what;
        private final StringBuilder first = new StringBuilder();
        private int bad;
        private int checked;
        private double worst;
        private final java.util.Map<String, Double> worstByStage = new java.util.TreeMap<>();

        Report(String what) {
            this.what = what;
        }

        void check(String name, int index, double expected, double got, double tol) {
            checked++;
            double err = Math.abs(got - expected);
            double t = tol + Double.MIN_NORMAL;
            double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / t;
            worst = Math.max(worst, ratio);
            worstByStage.merge(name, ratio, Math::max);
            if (!(err <= t) && bad++ < 6) {
                first.append(String.format(" %s[%d] %.8g vs %.8g (tol %.3g)", name, index, expected, got, t));
            }
        }

        void assertOk(long seed) {
            assertTrue(checked > 0);
            assertEquals(0, bad, () -> String.format("%s: %d of %d mismatches (float64 vs cpu):%s; worst err/tol %.3g;"
                    + " seed %d (replay with -Dmbrl.test.seed=%d)", what, bad, checked, first, worst, seed, seed));
            StringBuilder stages = new StringBuilder();
            worstByStage.forEach((k, v) -> stages.append(String.format(" %s %.3f", k, v)));
            System.out.printf("%-70s ok  err/tol:%s (%d values) seed %d%n", what, stages, checked, seed);
        }
    }
}
