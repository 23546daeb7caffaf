package org.mbrl4j.backend.cuda.parity;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Parity of the fused TD-MPC2 layer (ensemble_linear.cu GEMM + fused_layer.cu epilogue), plain and
 * ensemble, every activation, with and without dropout, in both precisions.
 *
 * <p>Error model (fused_layer.cu header: the GEMM's error propagated through the normalization, plus
 * 4·F·u for the row sums). With e_u the GEMM bound of {@link DenseTol} for u = x·w^T + b and
 * rs = max rstd: x̂ = (u − mean)·rs moves by at most 6·rs·e_u (|x̂| <= 4 for these rows), so
 * y moves by 6·rs·e_u·max|gamma|·1.2 (Mish' <= 1.2; SimNorm's softmax is 1-Lipschitz in the max norm
 * up to a factor 2). The backward chain multiplies by rs again (LN backward) and sums F (dx) or M
 * (dw) terms whose errors have random signs: 4·sqrt(terms) times the per-term error (4σ), plus the
 * GEMM bound of the final product.
 */
abstract class FusedLayerParityCases extends ParityCases {

    /** (E or 0 for a plain layer, M, Fi, F, shared x). */
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(0, 33, 29, 64, false), Arguments.of(0, 1, 5, 8, false),
                Arguments.of(5, 7, 12, 16, false), Arguments.of(3, 40, 20, 24, true));
    }

    @ParameterizedTest(name = "E={0} M={1} Fi={2} F={3} shared={4}")
    @MethodSource("shapes")
    void forwardAndBackward(int e, int m, int k, int n, boolean shared) {
        for (boolean tf32 : new boolean[] {true, false}) {
            for (Activation act : Activation.values()) {
                for (float p : new float[] {0f, 0.1f}) {
                    one(tf32 ? device() : deviceFp32(), new DenseTol(tf32), e, m, k, n, shared, act, p);
                }
            }
        }
    }

    private void one(Backend dev, DenseTol tol, int e, int m, int k, int n, boolean shared, Activation act, float p) {
        boolean plain = e == 0;
        int heads = plain ? 1 : e;
        int[] xs = plain || shared ? new int[] {m, k} : new int[] {e, m, k};
        int[] ws = plain ? new int[] {n, k} : new int[] {e, n, k};
        int[] ps = plain ? new int[] {n} : new int[] {e, n};
        int[] ys = plain ? new int[] {m, n} : new int[] {e, m, n};
        int[] rs = plain ? new int[] {m} : new int[] {e, m};
        ParityRun r = run(dev, "fusedLayer " + tol.name() + " " + act + " p=" + p, heads, m, k, n);
        ParityRun.Pair x = r.uniform(-1f, 1f, xs);
        ParityRun.Pair w = r.uniform(-1f, 1f, ws);
        ParityRun.Pair b = r.uniform(-0.5f, 0.5f, ps);
        ParityRun.Pair gamma = r.uniform(0.5f, 1.5f, ps);
        ParityRun.Pair beta = r.uniform(-0.5f, 0.5f, ps);
        DropoutSpec drop = p == 0f ? null : new DropoutSpec(p, new PhiloxKey(r.rnd.nextLong(), 3, 77));
        ParityRun.Pair y = r.out(ys);
        ParityRun.Pair u = r.out(ys);
        ParityRun.Pair mean = r.out(rs);
        ParityRun.Pair rstd = r.out(rs);
        r.apply(be -> be.dense().fusedLayerForward(x.on(be), w.on(be), b.on(be), drop, gamma.on(be), beta.on(be), 1e-5f,
                act, 8, y.on(be), u.on(be), mean.on(be), rstd.on(be)));
        double eu = tol.atol(k, 1, 1) + tol.rtol() * (k + 0.5) + 4 * k * Tol.U; // |u| <= Fi + 0.5
        eu /= 1 - p;
        double rsMax = ParityRun.maxAbs(rstd.cpuValues());
        double ey = 6 * rsMax * eu * 1.5 * 2 + 4 * n * Tol.U * Math.max(1, ParityRun.maxAbs(y.cpuValues()));
        r.check("u", u, Tol.of(tol.rtol(), eu, "GEMM bound e_u"));
        r.check("mean", mean, Tol.of(tol.rtol(), eu, "e_u"));
        r.check("rstd", rstd, Tol.of(4 * n * Tol.U, 2 * rsMax * rsMax * eu, "2·rs²·e_u"));
        r.check("y", y, Tol.of(4 * n * Tol.U, ey, "6·rs·e_u·max|gamma|·2 + 4·F·u·max|y|"));

        ParityRun.Pair dy = r.uniform(-1f, 1f, ys);
        ParityRun.Pair dx = r.acc(xs);
        ParityRun.Pair dw = r.acc(ws);
        ParityRun.Pair db = r.acc(ps);
        ParityRun.Pair dgamma = r.acc(ps);
        ParityRun.Pair dbeta = r.acc(ps);
        r.apply(be -> be.dense().fusedLayerBackward(x.on(be), w.on(be), drop, gamma.on(be), beta.on(be), act, 8, y.on(be),
                u.on(be), mean.on(be), rstd.on(be), dy.on(be), dx.on(be), dw.on(be), db.on(be), dgamma.on(be),
                dbeta.on(be)));
        // per-element error of dh (from y, h) and of dpre = LN backward (·rs, three terms)
        double edh = 2 * ey + 4 * Tol.U * 2;
        double edpre = (3 * rsMax * 1.5 * edh + 6 * rsMax * rsMax * eu * 1.5) / (1 - p) + 4 * n * Tol.U * rsMax * 4;
        double dpreMax = 4 * rsMax * 1.5 * 2 / (1 - p);
        int headsOnX = shared ? heads : 1;
        r.check("dx", dx, Tol.of(tol.rtol(), 4 * Math.sqrt(n * headsOnX) * edpre + tol.atol(n * headsOnX, dpreMax, 1),
                "4·sqrt(F)·e_dpre + GEMM(F)"));
        r.check("dw", dw, Tol.of(tol.rtol(), 4 * Math.sqrt(m) * edpre + tol.atol(m, dpreMax, 1),
                "4·sqrt(M)·e_dpre + GEMM(M)"));
        r.check("db", db, Tol.of(4 * Tol.U, 4 * Math.sqrt(m) * edpre + (m / 8.0 + 10) * Tol.U * m * dpreMax,
                "4·sqrt(M)·e_dpre + tree sum"));
        r.check("dgamma", dgamma, Tol.of(4 * Tol.U, 4 * Math.sqrt(m) * (edh * 4 + 2 * 6 * rsMax * eu)
                + (m / 8.0 + 10) * Tol.U * m * 8, "4·sqrt(M)·(e_dh·|x̂| + |dh|·e_x̂) + tree sum"));
        r.check("dbeta", dbeta, Tol.of(4 * Tol.U, 4 * Math.sqrt(m) * edh + (m / 8.0 + 10) * Tol.U * m * 2,
                "4·sqrt(M)·e_dh + tree sum"));
    }
}
