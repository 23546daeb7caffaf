package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of kernels/norm.cu. Header tolerance: row reductions are warp trees, rtol = 4·F·2^-24 and
 * atol = 1e-6·max|y|; parameter gradients rtol 4·M·2^-24 relative to Σ|terms| (here bounded by
 * M·max|term|); SimNorm runs in the CPU's order, 4·2^-24.
 */
abstract class NormParityCases extends ParityCases {

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void layerNorm(int rows, int cols) {
        ParityRun r = run("layerNorm", rows, cols);
        ParityRun.Pair x = r.normal(2f, rows, cols);
        ParityRun.Pair gamma = r.uniform(0.5f, 1.5f, cols);
        ParityRun.Pair beta = r.uniform(-0.5f, 0.5f, cols);
        ParityRun.Pair y = r.out(rows, cols);
        ParityRun.Pair mean = r.out(rows);
        ParityRun.Pair rstd = r.out(rows);
        r.apply(be -> be.norm().layerNormForward(x.on(be), gamma.on(be), beta.on(be), 1e-5f, y.on(be), mean.on(be),
                rstd.on(be)));
        r.check("y", y, rowTol(cols, y.cpuValues()));
        r.check("mean", mean, rowTol(cols, mean.cpuValues()));
        r.check("rstd", rstd, rowTol(cols, rstd.cpuValues()));
        ParityRun.Pair dy = r.uniform(-1f, 1f, rows, cols);
        ParityRun.Pair dx = r.acc(rows, cols);
        ParityRun.Pair dgamma = r.acc(cols);
        ParityRun.Pair dbeta = r.acc(cols);
        r.apply(be -> be.norm().layerNormBackward(x.on(be), gamma.on(be), mean.on(be), rstd.on(be), dy.on(be), dx.on(be),
                dgamma.on(be), dbeta.on(be)));
        double rs = ParityRun.maxAbs(rstd.cpuValues());
        r.check("dx", dx, Tol.of(4 * cols * Tol.U, 4 * cols * Tol.U * rs * 4, "4·F·u relative, atol 4·F·u·max rstd·4"));
        double xhat = 6; // |x̂| of normal inputs stays far below 6 for these sizes (checked by the CPU values)
        r.check("dgamma", dgamma, Tol.of(4 * Tol.U, (rows / 8.0 + 10) * Tol.U * rows * xhat, "(M/8 + 10)·u·Σ|dy·x̂|"));
        r.check("dbeta", dbeta, Tol.of(4 * Tol.U, (rows / 8.0 + 10) * Tol.U * rows, "(M/8 + 10)·u·Σ|dy|"));
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void softmaxAndLogSoftmax(int rows, int cols) {
        ParityRun r = run("softmax/logSoftmax", rows, cols);
        ParityRun.Pair x = r.normal(3f, rows, cols);
        ParityRun.Pair y = r.out(rows, cols);
        ParityRun.Pair ly = r.out(rows, cols);
        r.apply(be -> be.norm().softmaxForward(x.on(be), y.on(be)));
        r.apply(be -> be.norm().logSoftmaxForward(x.on(be), ly.on(be)));
        r.check("softmax y", y, rowTol(cols, y.cpuValues()));
        r.check("logSoftmax y", ly, rowTol(cols, ly.cpuValues()));
        ParityRun.Pair dy = r.uniform(-1f, 1f, rows, cols);
        ParityRun.Pair dx = r.acc(rows, cols);
        r.apply(be -> be.norm().softmaxBackward(y.on(be), dy.on(be), dx.on(be)));
        r.apply(be -> be.norm().logSoftmaxBackward(ly.on(be), dy.on(be), dx.on(be)));
        r.check("dx", dx, Tol.of(4 * cols * Tol.U, 8 * cols * Tol.U, "4·F·u relative, atol 8·F·u (|Σdy| <= F)"));
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void simNorm(int rows, int cols) {
        int c = 8 * cols;
        ParityRun r = run("simNorm G=8", rows, c);
        ParityRun.Pair x = r.normal(2f, rows, c);
        ParityRun.Pair y = r.out(rows, c);
        r.apply(be -> be.norm().simNormForward(x.on(be), 8, y.on(be)));
        r.check("y", y, Tol.of(4 * Tol.U, 1e-7, "the CPU's order per group: 4u (header), atol 1e-7"));
        ParityRun.Pair dy = r.uniform(-1f, 1f, rows, c);
        ParityRun.Pair dx = r.acc(rows, c);
        r.apply(be -> be.norm().simNormBackward(y.on(be), 8, dy.on(be), dx.on(be)));
        r.check("dx", dx, Tol.of(8 * Tol.U, 8 * 8 * Tol.U, "per-group sum of 8 terms: 8u"));
    }

    private static Tol rowTol(int cols, float[] ref) {
        return Tol.of(4 * cols * Tol.U, 1e-6 * Math.max(1, ParityRun.maxAbs(ref)), "norm.cu: rtol 4·F·u, atol 1e-6·max|y|");
    }
}
