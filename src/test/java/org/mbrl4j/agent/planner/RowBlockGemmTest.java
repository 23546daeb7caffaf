package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * What the blocked rollout rests on ({@link BlockedRolloutScoring}): on the CPU a layer's rows computed in a
 * block of M rows (M at least the backend's {@link org.mbrl4j.backend.Backend#minRowBlock}) have the bits
 * they have in the whole batch: x·w^T + b, plain and per head, with fan-ins of one and several GEMM depth
 * blocks (KC = 256), at every block offset.
 */
class RowBlockGemmTest {
    private static final int ALL = 536;
    private static final int HEADS = 5;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @Test
    void blockRowsOfALayerEqualThoseRowsOfTheWholeBatch() {
        int min = be.minRowBlock();
        for (int[] kn : new int[][] {{19, 16}, {65, 128}, {518, 512}, {1024, 101}, {300, 3}}) {
            int k = kn[0];
            int n = kn[1];
            float[] x = rnd.floats(ALL * k, -1, 1);
            float[] w = rnd.floats(n * k, -0.2, 0.2);
            float[] b = rnd.floats(n, -0.5, 0.5);
            float[] we = rnd.floats(HEADS * n * k, -0.2, 0.2);
            float[] be2 = rnd.floats(HEADS * n, -0.5, 0.5);
            float[] wantPlain = plain(x, ALL, k, w, b, n);
            float[] wantHeads = heads(x, ALL, k, we, be2, n);
            for (int m : new int[] {min, min + 2, 64, 179, ALL - 1}) {
                int first = rnd.nextInt(ALL - m + 1);
                String where = "K=" + k + " N=" + n + " M=" + m + " rows from " + first + " seed=" + rnd.seed();
                float[] xs = Arrays.copyOfRange(x, first * k, (first + m) * k);
                assertArrayEquals(Arrays.copyOfRange(wantPlain, first * n, (first + m) * n), plain(xs, m, k, w, b, n),
                        "x·w^T + b, " + where);
                float[] gotHeads = heads(xs, m, k, we, be2, n);
                for (int h = 0; h < HEADS; h++) {
                    int from = (h * ALL + first) * n;
                    assertArrayEquals(Arrays.copyOfRange(wantHeads, from, from + m * n),
                            Arrays.copyOfRange(gotHeads, h * m * n, (h + 1) * m * n), "head " + h + ", " + where);
                }
            }
        }
    }

    private float[] plain(float[] x, int m, int k, float[] w, float[] b, int n) {
        try (Graph g = new Graph(be)) {
            Tensor y = DenseFn.linear(g, g.constant(x, m, k), g.constant(w, n, k), g.constant(b, n));
            return be.toArray(y);
        }
    }

    /** Every head reads its own copy of x, as the stacked dynamics heads and the Q ensemble do. */
    private float[] heads(float[] x, int m, int k, float[] w, float[] b, int n) {
        float[] xh = new float[HEADS * m * k];
        for (int h = 0; h < HEADS; h++) {
            System.arraycopy(x, 0, xh, h * m * k, m * k);
        }
        try (Graph g = new Graph(be)) {
            Tensor y = DenseFn.ensembleLinear(g, g.constant(xh, HEADS, m, k), g.constant(w, HEADS, n, k),
                    g.constant(b, HEADS, n));
            return be.toArray(y);
        }
    }
}
