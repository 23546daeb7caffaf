package org.mbrl4j.backend.cuda.parity;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.Transpose;

/**
 * Parity of kernels/gemm.cu and ensemble_linear.cu in both precisions, all transposes, rank 2 and 3,
 * K % 4 == 0 (16-byte cp.async) and K % 4 != 0 (4-byte path), beta = 0 with a NaN-poisoned C (must
 * not propagate) and beta != 0. Tolerance: {@link DenseTol}.
 */
abstract class DenseParityCases extends ParityCases {

    /** (batch, M, N, K): 1s, odd sizes, non-multiples of the 64×64 tile and of 4, several tiles. */
    static Stream<Arguments> gemmShapes() {
        return Stream.of(Arguments.of(1, 1, 1, 1), Arguments.of(1, 7, 5, 3), Arguments.of(1, 33, 65, 129),
                Arguments.of(3, 64, 128, 256), Arguments.of(2, 130, 17, 40), Arguments.of(1, 5, 300, 17));
    }

    @ParameterizedTest(name = "batch={0} M={1} N={2} K={3}")
    @MethodSource("gemmShapes")
    void gemm(int batch, int m, int n, int k) {
        for (boolean tf32 : new boolean[] {true, false}) {
            Backend dev = tf32 ? device() : deviceFp32();
            DenseTol tol = new DenseTol(tf32);
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    int[] as = shape(batch, ta == Transpose.N ? m : k, ta == Transpose.N ? k : m);
                    int[] bs = shape(batch, tb == Transpose.N ? k : n, tb == Transpose.N ? n : k);
                    int[] cs = shape(batch, m, n);
                    ParityRun r = run(dev, "gemm " + tol.name() + " " + ta + tb, batch, m, n, k);
                    ParityRun.Pair a = r.uniform(-1f, 1f, as);
                    ParityRun.Pair b = r.uniform(-1f, 1f, bs);
                    ParityRun.Pair c = r.out(cs); // NaN on the device: beta = 0 must ignore it
                    r.apply(be -> be.dense().gemm(a.on(be), ta, b.on(be), tb, c.on(be), 1.5f, 0f));
                    r.check("c (beta=0)", c, tol.gemm(k, 1.5, 1));
                    r.apply(be -> be.dense().gemm(a.on(be), ta, b.on(be), tb, c.on(be), -0.5f, 0.75f));
                    r.check("c (beta=0.75)", c, tol.gemm(k, 1.5, 1.5));
                }
            }
        }
    }

    /** (E, M, Fi, F, shared x). */
    static Stream<Arguments> layerShapes() {
        return Stream.of(Arguments.of(1, 1, 1, 1, false), Arguments.of(1, 33, 29, 64, false),
                Arguments.of(5, 7, 12, 16, false), Arguments.of(3, 40, 20, 24, true), Arguments.of(2, 130, 68, 72, true));
    }

    @ParameterizedTest(name = "E={0} M={1} Fi={2} F={3} shared={4}")
    @MethodSource("layerShapes")
    void ensembleLinear(int e, int m, int k, int n, boolean shared) {
        for (boolean tf32 : new boolean[] {true, false}) {
            Backend dev = tf32 ? device() : deviceFp32();
            DenseTol tol = new DenseTol(tf32);
            ParityRun r = run(dev, "ensembleLinear " + tol.name() + (shared ? " shared x" : ""), e, m, k, n);
            int[] xs = shared ? new int[] {m, k} : new int[] {e, m, k};
            ParityRun.Pair x = r.uniform(-1f, 1f, xs);
            ParityRun.Pair w = r.uniform(-1f, 1f, e, n, k);
            ParityRun.Pair b = r.uniform(-1f, 1f, e, n);
            ParityRun.Pair y = r.out(e, m, n);
            r.apply(be -> be.dense().ensembleLinearForward(x.on(be), w.on(be), b.on(be), y.on(be)));
            r.check("y", y, tol.gemm(k, 1, 1));
            ParityRun.Pair dy = r.uniform(-1f, 1f, e, m, n);
            ParityRun.Pair dx = r.acc(xs);
            ParityRun.Pair dw = r.acc(e, n, k);
            ParityRun.Pair db = r.acc(e, n);
            r.apply(be -> be.dense().ensembleLinearBackward(x.on(be), w.on(be), dy.on(be), dx.on(be), dw.on(be),
                    db.on(be)));
            r.check("dx", dx, tol.gemm(shared ? n * e : n, 1, 1));
            r.check("dw", dw, tol.gemm(m, 1, 1));
            r.check("db", db, Tol.of(4 * Tol.U, (m / 8.0 + 10) * Tol.U * m, "(M/8 + 10)·u·Σ|dy|"));
        }
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void linear(int m, int n) {
        int k = n + 3;
        DenseTol tol = new DenseTol(true);
        ParityRun r = run("linear tf32", m, k, n);
        ParityRun.Pair x = r.uniform(-1f, 1f, m, k);
        ParityRun.Pair w = r.uniform(-1f, 1f, n, k);
        ParityRun.Pair y = r.out(m, n);
        r.apply(be -> be.dense().linearForward(x.on(be), w.on(be), null, y.on(be)));
        r.check("y", y, tol.gemm(k, 1, 1));
        ParityRun.Pair dy = r.uniform(-1f, 1f, m, n);
        ParityRun.Pair dx = r.acc(m, k);
        ParityRun.Pair db = r.acc(n);
        r.apply(be -> be.dense().linearBackward(x.on(be), w.on(be), dy.on(be), dx.on(be), null, db.on(be)));
        r.check("dx", dx, tol.gemm(n, 1, 1));
        r.check("db", db, Tol.of(4 * Tol.U, (m / 8.0 + 10) * Tol.U * m, "(M/8 + 10)·u·Σ|dy|"));
    }

    private static int[] shape(int batch, int rows, int cols) {
        return batch == 1 ? new int[] {rows, cols} : new int[] {batch, rows, cols};
    }
}
