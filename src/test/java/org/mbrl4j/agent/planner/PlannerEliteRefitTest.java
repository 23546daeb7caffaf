package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Iteration steps 8-10 of docs/planner.md#plan-algorithm against a double-precision reference. */
class PlannerEliteRefitTest {
    /** Weighted sums of K <= 32 products of O(1) values in float32. */
    private static final double TOL = 2e-6;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @Test
    void elitesWeightsMeanAndStdMatchTheSpecFormulas() {
        int e = rnd.nextInt(2, 60);
        int k = rnd.nextInt(1, Math.min(e, 32) + 1);
        int t = rnd.nextInt(1, 5);
        int a = rnd.nextInt(1, 4);
        float temp = (float) rnd.uniform(0.1, 3);
        float stdMin = 0.05f;
        float stdMax = (float) rnd.uniform(0.3, 2);
        float[] actions = rnd.floats(e * t * a, -1, 1);
        float[] scores = rnd.floats(e, -5, 5);
        String seed = "seed=" + rnd.seed();
        try (Graph g = new Graph(be)) {
            EliteRefit.Refit r = EliteRefit.refit(g, g.constant(actions, e, t, a), g.constant(scores, e), k, temp,
                    stdMin, stdMax);
            int[] expectedIdx = IntStream.range(0, e).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expectedIdx, be.toIntArray(r.eliteIndices()), "top-k descending, " + seed);
            double[] w = new double[k];
            double sum = 0;
            for (int i = 0; i < k; i++) {
                w[i] = Math.exp((scores[expectedIdx[i]] - scores[expectedIdx[0]]) / temp);
                sum += w[i];
            }
            float[] gotW = be.toArray(r.weights());
            for (int i = 0; i < k; i++) {
                w[i] /= sum;
                assertEquals(w[i], gotW[i], TOL, "w[" + i + "], " + seed);
            }
            float[] mean = be.toArray(r.mean());
            float[] std = be.toArray(r.std());
            for (int j = 0; j < t * a; j++) {
                double m = 0;
                for (int i = 0; i < k; i++) {
                    m += w[i] * actions[expectedIdx[i] * t * a + j];
                }
                double v = 0;
                for (int i = 0; i < k; i++) {
                    double d = actions[expectedIdx[i] * t * a + j] - m;
                    v += w[i] * d * d;
                }
                double s = Math.min(Math.max(Math.sqrt(v), stdMin), stdMax);
                assertEquals(m, mean[j], TOL, "mean " + j + ", " + seed);
                assertEquals(s, std[j], 1e-5, "std " + j + ", " + seed);
            }
        }
    }

    @Test
    void aSingleEliteHasTheMinimumStd() {
        try (Graph g = new Graph(be)) {
            Tensor actions = g.constant(new float[] {0.1f, 0.2f, -0.3f, 0.4f}, 2, 2, 1);
            EliteRefit.Refit r = EliteRefit.refit(g, actions, g.constant(new float[] {1f, 2f}, 2), 1, 0.5f, 0.05f, 2f);
            assertArrayEquals(new float[] {-0.3f, 0.4f}, be.toArray(r.mean()));
            assertArrayEquals(new float[] {0.05f, 0.05f}, be.toArray(r.std()), "sqrt(0) clamps to min_std");
            assertThrows(IllegalArgumentException.class,
                    () -> EliteRefit.refit(g, actions, g.constant(new float[] {1f, 2f}, 2), 3, 0.5f, 0.05f, 2f));
            assertThrows(IllegalArgumentException.class,
                    () -> EliteRefit.refit(g, actions, g.constant(new float[] {1f, 2f}, 2), 1, 0f, 0.05f, 2f));
        }
    }
}
