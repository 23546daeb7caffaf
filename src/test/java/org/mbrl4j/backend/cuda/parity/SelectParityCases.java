package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of kernels/select.cu: topk exact (same total order, values are copies), with ties and NaN; the
 * fused elite refit against the CPU's unfused sequence, with tied scores, K = C and several episodes.
 */
abstract class SelectParityCases extends ParityCases {

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void topk(int rows, int cols) {
        int k = Math.max(1, Math.min(cols, cols / 3 + 1));
        ParityRun r = run("topk k=" + k, rows, cols);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            int kind = r.rnd.nextInt(20);
            v[i] = kind == 0 ? Float.NaN : kind == 1 ? 0.5f : kind == 2 ? -0f : kind == 3 ? 0f
                    : (float) r.rnd.nextDouble(-1, 1); // ties, ±0 and NaN
        }
        ParityRun.Pair x = r.values(v, rows, cols);
        ParityRun.Pair values = r.out(rows, k);
        ParityRun.Pair indices = r.outInt(rows, k);
        r.apply(be -> be.select().topk(x.on(be), k, values.on(be), indices.on(be)));
        r.checkInts("indices", indices);
        r.check("values", values, Tol.exact());
        ParityRun.Pair dvalues = r.uniform(-1f, 1f, rows, k);
        ParityRun.Pair dx = r.acc(rows, cols);
        r.apply(be -> be.select().topkBackward(indices.on(be), dvalues.on(be), dx.on(be)));
        r.check("dx", dx, Tol.exact());
    }

    /**
     * elite_refit_forward: indices and elite scores exact; weights rtol 4·K·u, atol 1e-7; mean and std
     * rtol 4·K·u relative to max|a| = 1 (so also atol 4·K·u), plus 1e-6 (select.cu's header).
     */
    @ParameterizedTest(name = "E={0} C={1} D={2} K={3}")
    @CsvSource({"1, 1, 1, 1", "1, 7, 3, 2", "3, 40, 6, 40", "2, 536, 18, 64", "4, 100, 5, 17", "1, 1000, 2, 1000"})
    void eliteRefit(int e, int c, int d, int k) {
        ParityRun r = run("eliteRefit K=" + k, e, c, d);
        float[] scores = new float[e * c];
        for (int i = 0; i < scores.length; i++) {
            int kind = r.rnd.nextInt(5);
            scores[i] = kind == 0 ? 0.5f : kind == 1 ? -0f : (float) r.rnd.nextDouble(-3, 3); // ties and ±0
        }
        float temperature = (float) r.rnd.nextDouble(0.1, 2);
        float stdMin = 0.05f;
        float stdMax = 2f;
        ParityRun.Pair sc = r.values(scores, e, c);
        ParityRun.Pair actions = r.uniform(-1f, 1f, e, c, d);
        ParityRun.Pair idx = r.outInt(e, k);
        ParityRun.Pair es = r.out(e, k);
        ParityRun.Pair w = r.out(e, k);
        ParityRun.Pair mean = r.out(e, d);
        ParityRun.Pair std = r.out(e, d);
        r.apply(be -> be.select().eliteRefit(sc.on(be), actions.on(be), k, temperature, stdMin, stdMax, idx.on(be),
                es.on(be), w.on(be), mean.on(be), std.on(be)));
        r.checkInts("eliteIndices", idx);
        r.check("eliteScores", es, Tol.exact());
        r.check("weights", w, Tol.of(4 * k * Tol.U, 1e-7, "select.cu elite_refit: 4·K·u, atol 1e-7"));
        Tol refit = Tol.of(4 * k * Tol.U, 4 * k * Tol.U + 1e-6, "select.cu elite_refit: 4·K·u relative to max|a| = 1,"
                + " atol 1e-6");
        r.check("mean", mean, refit);
        r.check("std", std, refit);
    }
}
