package org.mbrl4j.env;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Test access to observation values. */
final class TestObs {
    private TestObs() {}

    /** The values of an f32 observation; fails the test for any other kind. */
    static float[] f32(Observation o) {
        return assertInstanceOf(Observation.F32.class, o).values();
    }
}
