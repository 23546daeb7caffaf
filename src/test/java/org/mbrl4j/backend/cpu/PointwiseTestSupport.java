package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;


/** Comparisons shared by the element-op forward tests: every failure names what, where and the seed. */
final class PointwiseTestSupport {
    private PointwiseTestSupport() {}

    /** |actual - expected| <= atol + rtol·|expected| for every element (NaN and ±inf must match exactly). */
    static void assertClose(String what, double[] expected, float[] actual, double atol, double rtol, long seed) {
        double[] bound = new double[expected.length];
        for (int i = 0; i < expected.length; i++) {
            bound[i] = atol + rtol * Math.abs(expected[i]);
        }
        assertWithin(what, expected, actual, bound, seed);
    }

    /** |actual - expected| <= bound[i] for every element (NaN and ±inf must match exactly). */
    static void assertWithin(String what, double[] expected, float[] actual, double[] bound, long seed) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length + "; seed " + seed);
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            if (actual[i] == expected[i] || (Double.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                continue; // equal infinities, or NaN where the formula gives NaN
            }
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= bound[i])) {
                fail(String.format("%s: element %d is %.9g, expected %.9g (|err| %.3g > %.3g); seed %d", what, i,
                        actual[i], expected[i], err, bound[i], seed));
            }
            worst = Math.max(worst, err / bound[i]);
        }
        if (worst > NEAR_MISS) {
            // A tolerance this close to its limit flakes sooner or later: the line is there to be grepped.
            System.out.printf("tolerance near-miss: %s used %.2f of its tolerance; seed %d%n", what, worst, seed);
        }
    }

    /** Fraction of a tolerance above which a passing comparison is reported as a near-miss. */
    private static final double NEAR_MISS = 0.75;

    /** Identical bits (vector loops built from exactly rounded ops must match their scalar reference). */
    static void assertSameBits(String what, float[] expected, float[] actual, long seed) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(String.format("%s: element %d is %s, scalar reference %s; seed %d", what, i, actual[i],
                        expected[i], seed));
            }
        }
    }

    /** The call throws IllegalArgumentException whose message contains every fragment. */
    static void assertRejects(Runnable call, String... fragments) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            for (String f : fragments) {
                assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
            }
            return;
        }
        fail("expected IllegalArgumentException containing " + String.join(", ", fragments));
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Row-major coordinates of a flat index. */
    static int[] coords(int flat, int[] shape) {
        int[] c = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = flat % shape[d];
            flat /= shape[d];
        }
        return c;
    }

    /** Row-major flat index of coordinates. */
    static int flat(int[] c, int[] shape) {
        int f = 0;
        for (int d = 0; d < shape.length; d++) {
            f = f * shape[d] + c[d];
        }
        return f;
    }
}
