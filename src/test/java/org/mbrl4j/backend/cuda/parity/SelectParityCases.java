package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Parity of kernels/select.cu: exact (same total order, values are copies), with ties and NaN. */
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
}
