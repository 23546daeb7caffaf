package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.RandomFn;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** sample_action_sequences of docs/planner.md#sampling. */
class PlannerSamplingTest {
    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @Test
    void samplesAreTheClampedMeanPlusClippedStdTimesPhiloxNormals() {
        int n = rnd.nextInt(1, 40);
        int t = rnd.nextInt(1, 5);
        int a = rnd.nextInt(1, 4);
        float stdMin = (float) rnd.uniform(0.01, 0.2);
        float stdMax = (float) rnd.uniform(0.5, 2);
        float[] mean = rnd.floats(t * a, -1.2, 1.2);
        float[] std = rnd.floats(t * a, 0, 3); // below, inside and above the clip range
        PhiloxKey key = new PhiloxKey(rnd.nextLong(), 11, rnd.nextInt(1000));
        try (Graph g = new Graph(be)) {
            Tensor out = new Sampling(stdMin, stdMax).sampleActionSequences(g, g.constant(mean, t, a),
                    g.constant(std, t, a), n, key);
            assertArrayEquals(new int[] {n, t, a}, out.shape());
            float[] got = be.toArray(out);
            float[] eps = be.toArray(RandomFn.normal(g, key, 0f, 1f, n, t, a));
            for (int i = 0; i < got.length; i++) {
                int ta = i % (t * a);
                float s = Math.min(Math.max(std[ta], stdMin), stdMax);
                float expected = Math.min(Math.max(mean[ta] + s * eps[i], -1f), 1f);
                assertEquals(expected, got[i], 1e-6f, "element " + i + ", seed=" + rnd.seed());
                assertTrue(got[i] >= -1f && got[i] <= 1f);
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Sampling(0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(0.5f, 0.1f));
        try (Graph g = new Graph(be)) {
            Sampling s = new Sampling(0.05f, 2f);
            Tensor m = g.constant(new float[6], 3, 2);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> s.sampleActionSequences(g, m, g.constant(new float[6], 2, 3), 4, new PhiloxKey(1, 1, 0)));
            assertTrue(e.getMessage().contains("(T, A)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> s.sampleActionSequences(g, m, m, 0, new PhiloxKey(1, 1, 0)));
        }
    }
}
