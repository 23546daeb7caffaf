package org.mbrl4j.buffer;

import org.mbrl4j.env.ObsDType;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;

/** The argument checks of {@link ObsArray}, written once for both element types. */
final class ObsArrayChecks {
    private ObsArrayChecks() {}

    /** The spec has {@code dtype} and the values (length {@code length}, −1 for null) are whole rows. */
    static void check(ObsSpec spec, ObsDType dtype, int length) {
        if (spec == null || spec.dtype() != dtype) {
            throw new IllegalArgumentException("ObsArray." + dtype + ": spec must be a " + dtype + " spec, got "
                    + spec);
        }
        if (length < 0) {
            throw new IllegalArgumentException("ObsArray." + dtype + ": values must not be null");
        }
        if (length % spec.size() != 0) {
            throw new IllegalArgumentException("ObsArray." + dtype + ": " + length + " values are not whole "
                    + spec + " observations of " + spec.size() + " values each");
        }
    }

    static void requireFits(ObsSpec spec, Observation o) {
        if (o == null || !o.fits(spec)) {
            throw new IllegalArgumentException("ObsArray.set: observation " + o + " does not fit the spec " + spec);
        }
    }

    /** Rows [first, first + n) lie within [0, count). */
    static void requireRows(String op, int first, int n, int count) {
        if (first < 0 || n < 0 || first > count - n) {
            throw new IllegalArgumentException("ObsArray." + op + ": rows [" + first + ", " + ((long) first + n)
                    + ") are outside [0, " + count + ")");
        }
    }

    /** {@code dst} as {@code type}, when it holds observations of {@code src}'s spec. */
    static <T extends ObsArray> T same(ObsArray src, ObsArray dst, Class<T> type) {
        if (!src.spec().equals(dst.spec())) {
            throw new IllegalArgumentException("ObsArray.copyRows: destination holds " + dst.spec()
                    + " observations, the source " + src.spec());
        }
        return type.cast(dst);
    }
}
