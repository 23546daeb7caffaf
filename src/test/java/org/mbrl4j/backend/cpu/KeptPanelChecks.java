package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

/** Shared by the kept-weight-panel tests: fresh inputs in [-1, 1) and a bit-for-bit comparison. */
final class KeptPanelChecks {
    private KeptPanelChecks() {}

    static float[] uniform(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }

    /** Fails at the first element whose bits differ from packing per call, naming it and the test's seed. */
    static void assertSameBits(float[] expected, float[] actual, String what, long seed) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + " (seed " + seed + "): element " + i + " is " + actual[i]
                        + ", per-call packing gives " + expected[i]);
            }
        }
    }
}
