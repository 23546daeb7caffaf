package org.mbrl4j.buffer;

import java.util.Arrays;
import org.mbrl4j.env.ObsDType;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;

/**
 * {@link #count} observations of one {@link ObsSpec}, back to back in one primitive array of the spec's
 * element type, row-major (count, *obs_shape): f32 vectors as {@code float[]}, u8 frames as {@code byte[]} (a
 * quarter of the memory floats would take). Rows are observations; row i starts at element
 * i·spec.size(). Two arrays are equal when their specs and values are.
 */
public sealed interface ObsArray permits ObsArray.F32, ObsArray.U8 {

    ObsSpec spec();

    /** {@code count} zeroed observations of {@code spec}. */
    static ObsArray allocate(ObsSpec spec, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("ObsArray.allocate: count must be >= 0, got " + count);
        }
        int n = Math.multiplyExact(count, spec.size());
        return switch (spec.dtype()) {
            case F32 -> new F32(spec, new float[n]);
            case U8 -> new U8(spec, new byte[n]);
        };
    }

    /** The number of observations held. */
    default int count() {
        int length = switch (this) {
            case F32 f -> f.values().length;
            case U8 u -> u.values().length;
        };
        return length / spec().size();
    }

    /** Observation {@code row}, a copy. */
    default Observation get(int row) {
        return switch (rows(row, row + 1)) {
            case F32 f -> new Observation.F32(f.values());
            case U8 u -> new Observation.U8(u.values());
        };
    }

    /**
     * Writes {@code o} into {@code row}.
     *
     * @throws IllegalArgumentException when {@code o} does not fit the spec (element type and count)
     */
    default void set(int row, Observation o) {
        if (o == null || !o.fits(spec())) {
            throw new IllegalArgumentException("ObsArray.set: observation " + o + " does not fit the spec " + spec());
        }
        requireRows("set", row, 1, count());
        Object source = switch (o) {
            case Observation.F32 f -> f.values();
            case Observation.U8 u -> u.values();
        };
        System.arraycopy(source, 0, values(this), row * spec().size(), spec().size());
    }

    /**
     * Copies rows [from, from + n) into rows [at, at + n) of {@code dst}, which must have the same spec.
     */
    default void copyRows(int from, ObsArray dst, int at, int n) {
        if (!spec().equals(dst.spec())) {
            throw new IllegalArgumentException("ObsArray.copyRows: destination holds " + dst.spec()
                    + " observations, the source " + spec());
        }
        requireRows("copyRows (source)", from, n, count());
        requireRows("copyRows (destination)", at, n, dst.count());
        int o = spec().size();
        System.arraycopy(values(this), from * o, values(dst), at * o, n * o);
    }

    /** A copy of rows [from, to). */
    default ObsArray rows(int from, int to) {
        requireRows("rows", from, to - from, count());
        int o = spec().size();
        return switch (this) {
            case F32 f -> new F32(spec(), Arrays.copyOfRange(f.values(), from * o, to * o));
            case U8 u -> new U8(spec(), Arrays.copyOfRange(u.values(), from * o, to * o));
        };
    }

    /** A copy with {@code count} rows: the first min(count, count()) rows, then zeros. */
    default ObsArray resized(int count) {
        int n = Math.multiplyExact(count, spec().size());
        return switch (this) {
            case F32 f -> new F32(spec(), Arrays.copyOf(f.values(), n));
            case U8 u -> new U8(spec(), Arrays.copyOf(u.values(), n));
        };
    }

    /**
     * The f32 values, for readers that take state vectors.
     *
     * @throws IllegalStateException when this array holds u8 frames, naming the spec
     */
    default float[] f32() {
        return switch (this) {
            case F32 f -> f.values();
            case U8 u -> throw new IllegalStateException("observations are " + u.spec() + " frames, not f32"
                    + " vectors; this reader takes f32 observations only");
        };
    }

    /** f32 state vectors, (count, O). */
    record F32(ObsSpec spec, float[] values) implements ObsArray {
        public F32 {
            requireWholeRows(spec, ObsDType.F32, values == null ? -1 : values.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof F32 f && f.spec.equals(spec) && Arrays.equals(f.values, values);
        }

        @Override
        public int hashCode() {
            return 31 * spec.hashCode() + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return count() + " × " + spec;
        }
    }

    /** u8 frames, (count, Ch, Hp, Wp); each byte an unsigned intensity 0..255. */
    record U8(ObsSpec spec, byte[] values) implements ObsArray {
        public U8 {
            requireWholeRows(spec, ObsDType.U8, values == null ? -1 : values.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof U8 u && u.spec.equals(spec) && Arrays.equals(u.values, values);
        }

        @Override
        public int hashCode() {
            return 31 * spec.hashCode() + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return count() + " × " + spec;
        }
    }

    /** The primitive array behind {@code a}, for the copies that {@link System#arraycopy} types at run time. */
    private static Object values(ObsArray a) {
        return switch (a) {
            case F32 f -> f.values();
            case U8 u -> u.values();
        };
    }

    /** The spec has {@code dtype} and the values (length {@code length}, −1 for null) are whole rows. */
    private static void requireWholeRows(ObsSpec spec, ObsDType dtype, int length) {
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

    /** Rows [first, first + n) lie within [0, count). */
    private static void requireRows(String op, int first, int n, int count) {
        if (first < 0 || n < 0 || first > count - n) {
            throw new IllegalArgumentException("ObsArray." + op + ": rows [" + first + ", " + ((long) first + n)
                    + ") are outside [0, " + count + ")");
        }
    }
}
