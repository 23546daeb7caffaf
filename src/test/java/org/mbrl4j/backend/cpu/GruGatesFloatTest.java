package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The float gates of {@code cpu_fast_math} against float64 σ and tanh at their stated bounds, on fresh
 * random inputs across the range that matters and near 0 (where tanh's form cancels), plus the
 * saturated ends; and the vector body against the scalar tail's operations, bit for bit.
 */
class GruGatesFloatTest {
    private final TestRandom rnd = new TestRandom();

    @Test
    void gatesAreWithinTheirBounds() {
        float[] xs = concat(rnd.floats(20_000, -20, 20), rnd.floats(5_000, -1e-3f, 1e-3f),
                new float[] {0f, -0f, 1e-30f, -1e-30f, 50f, -50f, 100f, -100f, 1e30f, -1e30f});
        double worstSigmoid = 0, worstTanh = 0;
        for (float x : xs) {
            double s = 1.0 / (1.0 + Math.exp(-(double) x));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(GruGatesFloat.sigmoid(x) - s));
            worstTanh = Math.max(worstTanh, Math.abs(GruGatesFloat.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worstSigmoid <= 0x1p-22, "sigmoid error " + worstSigmoid + "; seed " + rnd.seed());
        assertTrue(worstTanh <= 0x1p-21, "tanh error " + worstTanh + "; seed " + rnd.seed());
    }

    @Test
    void vectorLanesRepeatTheScalarOperations() {
        int rows = 3, hidden = 2 * VectorWidth.FLOAT.length() + 5;
        CpuBackend be = new CpuBackend(true);
        float[] gi = rnd.floats(rows * 3 * hidden, -4, 4), gh = rnd.floats(rows * 3 * hidden, -4, 4);
        float[] h = rnd.floats(rows * hidden, -1, 1);
        Tensor out = be.zeros(rows, hidden);
        be.recurrent().gruCellForward(be.fromArray(gi, rows, 3 * hidden), be.fromArray(gh, rows, 3 * hidden),
                be.fromArray(h, rows, hidden), out);
        float[] got = be.toArray(out);
        for (int m = 0; m < rows; m++) {
            for (int j = 0; j < hidden; j++) {
                int g = m * 3 * hidden;
                float r = GruGatesFloat.sigmoid(gi[g + j] + gh[g + j]);
                float z = GruGatesFloat.sigmoid(gi[g + hidden + j] + gh[g + hidden + j]);
                float n = GruGatesFloat.tanh(gi[g + 2 * hidden + j] + r * gh[g + 2 * hidden + j]);
                float want = (1f - z) * n + z * h[m * hidden + j];
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[m * hidden + j]),
                        "row " + m + " unit " + j + ": " + got[m * hidden + j] + " vs " + want + "; seed " + rnd.seed());
            }
        }
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
