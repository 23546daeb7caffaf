package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.testing.TestRandom;

/**
 * SimNorm with cpu_fast_math ({@link SimNormGroups} through the fused layer's activation) against a
 * float64 softmax per group at the stated bound, forward and backward, on fresh random rows (group
 * counts that leave a masked tail, large magnitudes, ±0, equal values); and the same bits whichever
 * lanes a group lands in.
 */
class SimNormGroupsTest {
    private static final double U = VectorSums.U;
    /** Higham's underflow term: a rounded result in the subnormal range is off by up to this more. */
    private static final double ETA = 0x1p-149;

    private static float[] row(TestRandom rnd, int n, int kind) {
        float[] h = rnd.normals(n, kind == 1 ? 40 : 2);
        if (kind == 2) {
            for (int i = 0; i < n; i += 3) {
                h[i] = i % 2 == 0 ? 0f : -0f;
            }
        } else if (kind == 3) {
            Arrays.fill(h, 0, Math.min(n, 16), -0f);
        }
        return h;
    }

    @Test
    void groupsAreWithinTheStatedBoundOfFloat64AndIndependentOfTheirLanes() {
        TestRandom rnd = new TestRandom();
        // the loops (vectors off or narrower than 8) sum the 8 in order: depth 7 instead of the tree's 3
        int depth = SimNormGroups.supports(8) ? 3 : 7;
        double sigma = U * (Math.log(8) + 4) * 1.001 + 1.001 * VectorSums.gamma(depth);
        for (int groups : new int[] {1, 2, 3, 8, 64, 65}) {
            int n = 8 * groups;
            for (int kind = 0; kind < 4; kind++) {
                float[] h = row(rnd, n, kind);
                float[] y = new float[n + 2];
                FusedLayerActivation.forward(Activation.SIMNORM, 8, h, n, y, 2, true);
                String where = "n=" + n + " kind=" + kind + ", seed " + rnd.seed();
                float[] shifted = new float[n + 8];
                System.arraycopy(h, 0, shifted, 8, n);
                float[] yShifted = new float[n + 8];
                FusedLayerActivation.forward(Activation.SIMNORM, 8, shifted, n + 8, yShifted, 0, true);
                assertArrayEquals(Arrays.copyOfRange(y, 2, n + 2), Arrays.copyOfRange(yShifted, 8, n + 8),
                        "a group's bits do not depend on its lanes, " + where);
                float[] dy = rnd.normals(n + 1, 1);
                float[] dh = new float[n];
                FusedLayerActivation.backward(Activation.SIMNORM, 8, null, y, 2, dy, 1, dh, 0, n, true);
                for (int g = 0; g < n; g += 8) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = g; j < g + 8; j++) {
                        m = Math.max(m, h[j]);
                    }
                    double s = 0;
                    double dot = 0;
                    double dotAbs = 0;
                    for (int j = g; j < g + 8; j++) {
                        s += Math.exp(h[j] - m);
                        dot += (double) dy[1 + j] * y[2 + j];
                        dotAbs += Math.abs((double) dy[1 + j] * y[2 + j]);
                    }
                    for (int j = g; j < g + 8; j++) {
                        double x = h[j] - m;
                        double p = Math.exp(x) / s;
                        double rho = 1.001 * (U * Math.abs(x) + 4 * U);
                        double bound = p * (1.01 * (rho + sigma) + U) + (x < -87 ? 2e-38 : 0) + ETA;
                        assertEquals(p, y[2 + j], bound, "p[" + j + "] " + where);
                        double want = y[2 + j] * (dy[1 + j] - dot);
                        double dBound = Math.abs(y[2 + j]) * (VectorSums.gamma(depth + 1) * dotAbs
                                + 2 * U * (Math.abs(dy[1 + j]) + Math.abs(dot))) + 2 * ETA;
                        assertEquals(want, dh[j], dBound, "dh[" + j + "] " + where);
                    }
                }
            }
        }
    }
}
