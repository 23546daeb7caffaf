package org.mbrl4j.backend.cuda.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;

/**
 * Parity at production shapes (issue 10 item 7): E = 5 heads, M = 1,024 rows, width 512, V = 101
 * bins, forward outputs as offset views (odd, so unaligned) inside buffers whose guard bands must
 * survive, and the forward ops run a second time into a fresh buffer with a bitwise equal result (the
 * kernels are deterministic: fixed reduction trees, no atomics on these paths). The backward GEMMs run
 * once: on the emulator each production-size GEMM costs seconds. Tolerances as the small-shape
 * suites: {@link DenseTol} for the GEMMs, norm.cu's row tolerance.
 */
abstract class ProductionParityCases extends ParityCases {
    static final int E = 5;
    static final int M = 1024;
    static final int WIDTH = 512;
    static final int BINS = 101;
    /** Guard band in elements on each side of an output; odd so the output view is misaligned. */
    static final int GUARD = 1031;

    @Test
    void ensembleLayerForwardAndBackwardTf32() {
        DenseTol tol = new DenseTol(true);
        Backend dev = device();
        ParityRun r = run(dev, "ensembleLinear tf32 (production)", E, M, WIDTH, WIDTH);
        ParityRun.Pair x = r.uniform(-1f, 1f, E, M, WIDTH);
        ParityRun.Pair w = r.uniform(-1f, 1f, E, WIDTH, WIDTH);
        ParityRun.Pair b = r.uniform(-1f, 1f, E, WIDTH);
        ParityRun.Guarded y = r.guardedOut(GUARD, E, M, WIDTH);
        r.apply(be -> be.dense().ensembleLinearForward(x.on(be), w.on(be), b.on(be), y.pair().on(be)));
        r.check("y", y.pair(), tol.gemm(WIDTH, 1, 1));
        r.checkGuards("y", y);
        ParityRun.Guarded again = r.guardedOut(GUARD, E, M, WIDTH);
        dev.dense().ensembleLinearForward(x.dev(), w.dev(), b.dev(), again.pair().dev());
        assertArrayEquals(y.pair().devValues(), again.pair().devValues(), "y: a second run must be bitwise equal");

        ParityRun.Pair dy = r.uniform(-1f, 1f, E, M, WIDTH);
        ParityRun.Pair dx = r.acc(E, M, WIDTH);
        ParityRun.Pair dw = r.acc(E, WIDTH, WIDTH);
        ParityRun.Pair db = r.acc(E, WIDTH);
        r.apply(be -> be.dense().ensembleLinearBackward(x.on(be), w.on(be), dy.on(be), dx.on(be), dw.on(be), db.on(be)));
        r.check("dx", dx, tol.gemm(WIDTH, 1, 1));
        r.check("dw", dw, tol.gemm(M, 1, 1));
        r.check("db", db, Tol.of(4 * Tol.U, (M / 8.0 + 10) * Tol.U * M, "(M/8 + 10)·u·Σ|dy|"));
    }

    @Test
    void layerNormAndLogSoftmaxOverBins() {
        Backend dev = device();
        int rows = E * M;
        ParityRun r = run(dev, "layerNorm + logSoftmax (production)", rows, WIDTH);
        ParityRun.Pair x = r.normal(2f, rows, WIDTH);
        ParityRun.Pair gamma = r.uniform(0.5f, 1.5f, WIDTH);
        ParityRun.Pair beta = r.uniform(-0.5f, 0.5f, WIDTH);
        ParityRun.Guarded y = r.guardedOut(GUARD, rows, WIDTH);
        ParityRun.Pair mean = r.out(rows);
        ParityRun.Pair rstd = r.out(rows);
        r.apply(be -> be.norm().layerNormForward(x.on(be), gamma.on(be), beta.on(be), 1e-5f, y.pair().on(be),
                mean.on(be), rstd.on(be)));
        r.check("y", y.pair(), rowTol(WIDTH, y.pair().cpuValues()));
        r.checkGuards("y", y);

        ParityRun.Pair logits = r.normal(3f, rows, BINS);
        ParityRun.Guarded ly = r.guardedOut(GUARD, rows, BINS);
        r.apply(be -> be.norm().logSoftmaxForward(logits.on(be), ly.pair().on(be)));
        r.check("logSoftmax y", ly.pair(), rowTol(BINS, ly.pair().cpuValues()));
        r.checkGuards("logSoftmax y", ly);
        ParityRun.Guarded again = r.guardedOut(GUARD, rows, BINS);
        dev.norm().logSoftmaxForward(logits.dev(), again.pair().dev());
        assertArrayEquals(ly.pair().devValues(), again.pair().devValues(), "logSoftmax: a second run must be bitwise equal");
    }

    private static Tol rowTol(int cols, float[] ref) {
        return Tol.of(4 * cols * Tol.U, 1e-6 * Math.max(1, ParityRun.maxAbs(ref)), "norm.cu: rtol 4·F·u, atol 1e-6·max|y|");
    }
}
