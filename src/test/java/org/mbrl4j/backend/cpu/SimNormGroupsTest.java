package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.testing.TestRandom;

/**
 * SimNorm by 8-lane groups ({@link SimNormGroups}, cpu_fast_math) gives the bits of the fused layer's
 * group loops, and both are within the stated bound of a float64 softmax per group.
 */
class SimNormGroupsTest {
    private static final double U = VectorSums.U;

    private static float[] row(TestRandom rnd, int n, int kind) {
        float[] h = rnd.normals(n, kind == 1 ? 40 : 2);
        if (kind == 2) {
            for (int i = 0; i < n; i += 3) {
                h[i] = i % 2 == 0 ? 0f : -0f;
            }
        } else if (kind == 3) {
            java.util.Arrays.fill(h, 8, Math.min(n, 16), -0f);
        }
        return h;
    }

    @Test
    void groupVectorsGiveTheGroupLoopsBitsAndTheFloat64BoundHolds() {
        TestRandom rnd = new TestRandom();
        for (int groups : new int[] {1, 2, 3, 8, 64, 65}) {
            int n = 8 * groups;
            for (int kind = 0; kind < 4; kind++) {
                float[] h = row(rnd, n, kind);
                float[] loops = new float[n + 2];
                float[] vectors = new float[n + 2];
                FusedLayerActivation.forward(Activation.SIMNORM, 8, h, n, loops, 2, false);
                FusedLayerActivation.forward(Activation.SIMNORM, 8, h, n, vectors, 2, true);
                String where = "n=" + n + " kind=" + kind + ", seed " + rnd.seed();
                assertArrayEquals(loops, vectors, "forward bits, " + where);
                float[] dy = rnd.normals(n + 1, 1);
                float[] dLoops = new float[n];
                float[] dVectors = new float[n];
                FusedLayerActivation.backward(Activation.SIMNORM, 8, null, loops, 2, dy, 1, dLoops, 0, n, false);
                FusedLayerActivation.backward(Activation.SIMNORM, 8, null, vectors, 2, dy, 1, dVectors, 0, n, true);
                assertArrayEquals(dLoops, dVectors, "backward bits, " + where);
                double sigma = U * (Math.log(8) + 4) * 1.001 + 1.001 * VectorSums.gamma(7);
                for (int g = 0; g < n; g += 8) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = g; j < g + 8; j++) {
                        m = Math.max(m, h[j]);
                    }
                    double s = 0;
                    for (int j = g; j < g + 8; j++) {
                        s += Math.exp(h[j] - m);
                    }
                    for (int j = g; j < g + 8; j++) {
                        double x = h[j] - m;
                        double p = Math.exp(x) / s;
                        double rho = 1.001 * (U * Math.abs(x) + 4 * U);
                        double bound = p * (1.01 * (rho + sigma) + U) + (x < -87 ? 2e-38 : 0);
                        assertEquals(p, vectors[2 + j], bound, "p[" + j + "] " + where);
                    }
                }
            }
        }
    }
}
