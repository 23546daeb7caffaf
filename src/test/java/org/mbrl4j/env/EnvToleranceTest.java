package org.mbrl4j.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mbrl4j.env.Tolerance.Sigmoid;
import org.mbrl4j.testing.TestRandom;

/** dm_control rewards.tolerance, checked against values derived by hand from its definition. */
class EnvToleranceTest {
    private final TestRandom rnd = new TestRandom();

    @Test
    void oneInsideTheBounds() {
        double lo = rnd.uniform(-2, 0);
        double hi = rnd.uniform(0, 2);
        for (Sigmoid s : Sigmoid.values()) {
            assertEquals(1.0, Tolerance.tolerance(rnd.uniform(lo, hi), lo, hi, 1.0, s, 0.1), 0.0);
            assertEquals(1.0, Tolerance.tolerance(lo, lo, hi, 0, s, 0.1), 0.0);
        }
    }

    @Test
    void zeroMarginIsAHardIndicator() {
        assertEquals(0.0, Tolerance.tolerance(1.0001, 0, 1, 0, Sigmoid.GAUSSIAN, 0.1), 0.0);
        assertEquals(0.0, Tolerance.tolerance(-5, 0, 1, 0, Sigmoid.LINEAR, 0.1), 0.0);
    }

    @Test
    void equalsValueAtMarginAtDistanceMargin() {
        double margin = rnd.uniform(0.1, 5);
        double v = rnd.uniform(0.05, 0.95);
        for (Sigmoid s : Sigmoid.values()) {
            assertEquals(v, Tolerance.tolerance(2 + margin, -1, 2, margin, s, v), 1e-12, s + " seed " + rnd.seed());
            assertEquals(v, Tolerance.tolerance(-1 - margin, -1, 2, margin, s, v), 1e-12, s + " seed " + rnd.seed());
        }
    }

    @Test
    void sigmoidShapesAtArbitraryDistances() {
        double d = rnd.uniform(0, 3);
        double v = rnd.uniform(0.05, 0.95);
        // gaussian: exp(-(d s)^2 / 2) with s^2 = -2 ln v  =>  v^(d^2)
        assertEquals(Math.pow(v, d * d), Tolerance.tolerance(d, 0, 0, 1, Sigmoid.GAUSSIAN, v), 1e-12);
        double lin = d * (1 - v);
        assertEquals(lin < 1 ? 1 - lin : 0, Tolerance.tolerance(-d, 0, 0, 1, Sigmoid.LINEAR, v), 1e-12);
        double quad = d * d * (1 - v);
        assertEquals(quad < 1 ? 1 - quad : 0, Tolerance.tolerance(d, 0, 0, 1, Sigmoid.QUADRATIC, v), 1e-12);
        assertEquals(0.0, Tolerance.tolerance(1.0, 0, 0, 1, Sigmoid.QUADRATIC, 0), 0.0, "1 - 1^2 at the margin");
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 1, 0, 1, Sigmoid.GAUSSIAN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 0, 1, -1, Sigmoid.GAUSSIAN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 0, 1, 1, Sigmoid.GAUSSIAN, 0));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 0, 1, 1, Sigmoid.LINEAR, 1));
    }
}
