package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/** The float Mish rows against float64 formulas written here (x · tanh(ln(1 + e^x)) and its derivative). */
class VectorMathTest {

    private static double mish(double x) {
        return x * Math.tanh(Math.log1p(Math.exp(x)));
    }

    private static double mishGrad(double x) {
        double t = Math.tanh(Math.log1p(Math.exp(x)));
        return t + x * (1 / (1 + Math.exp(-x))) * (1 - t * t);
    }

    @Test
    void mishRowsMatchFloat64WithinAFewUlps() {
        TestRandom rnd = new TestRandom();
        int n = 1000 + rnd.nextInt(37); // a tail past the vector loop
        float[] x = rnd.floats(n, -25, 25);
        x[0] = 0f;
        x[1] = 20.5f;
        x[2] = -80f;
        float[] dy = rnd.floats(n, -2, 2);
        float[] y = new float[n + 3];
        float[] dx = new float[n + 5];
        VectorMath.mish(x, 0, y, 3, n);
        VectorMath.mishBackward(x, 0, dy, 0, dx, 5, n);
        for (int i = 0; i < n; i++) {
            double ref = mish(x[i]);
            assertEquals(ref, y[3 + i], 4e-7 * Math.abs(ref) + 1e-30, "mish(" + x[i] + "), seed " + rnd.seed());
            double g = dy[i] * mishGrad(x[i]);
            assertEquals(g, dx[5 + i], 2e-6 * Math.abs(dy[i]) + 1e-30, "mish'(" + x[i] + "), seed " + rnd.seed());
            assertEquals(ScalarMath.mish(x[i]), y[3 + i], 4e-7 * Math.abs(ref) + 1e-30, "ScalarMath agreement");
        }
    }

    @Test
    void expIsWithinTwoUlpsAndTheVectorPathMatchesTheScalarBitForBit() {
        TestRandom rnd = new TestRandom();
        int n = 4096 + 13;
        float[] x = rnd.floats(n, -87, 88);
        x[0] = 0f;
        x[1] = -0f;
        x[2] = Float.NaN;
        x[3] = -200f;
        x[4] = 1e-30f;
        for (int i = 0; i < n; i++) {
            float got = VectorMath.exp(x[i]);
            if (Float.isNaN(x[i])) {
                assertTrue(Float.isNaN(got));
                continue;
            }
            double ref = Math.exp(Math.max(x[i], -87.0));
            assertEquals(ref, got, 2 * Math.ulp((float) ref), "exp(" + x[i] + "), seed " + rnd.seed());
        }
        var s = VectorWidth.FLOAT;
        if (s != null) {
            float[] y = new float[n];
            int bound = s.loopBound(n);
            for (int i = 0; i < bound; i += s.length()) {
                VectorMath.exp(jdk.incubator.vector.FloatVector.fromArray(s, x, i)).intoArray(y, i);
            }
            for (int i = 0; i < bound; i++) {
                assertEquals(Float.floatToRawIntBits(VectorMath.exp(x[i])), Float.floatToRawIntBits(y[i]),
                        "vector vs scalar exp(" + x[i] + ")");
            }
            float[] lanes = rnd.floats(s.length(), -1, 1);
            float ordered = 0f;
            for (float l : lanes) {
                ordered += l;
            }
            assertEquals(ordered, VectorMath.sumLanes(jdk.incubator.vector.FloatVector.fromArray(s, lanes, 0)));
        }
    }
}
