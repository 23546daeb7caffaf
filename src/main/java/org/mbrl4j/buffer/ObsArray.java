package org.mbrl4j.buffer;

import java.util.Arrays;
import org.mbrl4j.env.ObsDType;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;

/**
 * n observations of one {@link ObsSpec}, back to back in one primitive array of the spec's element
 * type, row-major (n, *obs_shape): f32 vectors as {@code float[]}, u8 frames as {@code byte[]} (a
 * quarter of the memory floats would take). Rows are observations; row i starts at element
 * i·spec.size(). Two arrays are equal when their specs and values are.
 */
public sealed interface ObsArray permits ObsArray.F32, ObsArray.U8 {

    ObsSpec spec();

    /** n, the number of observations held. */
    int count();

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

    /** Observation {@code row}, a copy. */
    Observation get(int row);

    /**
     * Writes {@code o} into {@code row}.
     *
     * @throws IllegalArgumentException when {@code o} does not fit the spec (element type and count)
     */
    void set(int row, Observation o);

    /**
     * Copies rows [from, from + n) into rows [at, at + n) of {@code dst}, which must have the same spec.
     */
    void copyRows(int from, ObsArray dst, int at, int n);

    /** A copy of rows [from, to). */
    ObsArray rows(int from, int to);

    /** A copy with {@code count} rows: the first min(count, count()) rows, then zeros. */
    ObsArray resized(int count);

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

    /** f32 state vectors, (n, O). */
    record F32(ObsSpec spec, float[] values) implements ObsArray {
        public F32 {
            ObsArrayChecks.check(spec, ObsDType.F32, values == null ? -1 : values.length);
        }

        @Override
        public int count() {
            return values.length / spec.size();
        }

        @Override
        public Observation get(int row) {
            int o = spec.size();
            ObsArrayChecks.requireRows("get", row, 1, count());
            return new Observation.F32(Arrays.copyOfRange(values, row * o, (row + 1) * o));
        }

        @Override
        public void set(int row, Observation obs) {
            ObsArrayChecks.requireFits(spec, obs);
            ObsArrayChecks.requireRows("set", row, 1, count());
            System.arraycopy(((Observation.F32) obs).values(), 0, values, row * spec.size(), spec.size());
        }

        @Override
        public void copyRows(int from, ObsArray dst, int at, int n) {
            ObsArrayChecks.requireRows("copyRows (source)", from, n, count());
            ObsArrayChecks.requireRows("copyRows (destination)", at, n, dst.count());
            int o = spec.size();
            System.arraycopy(values, from * o, ObsArrayChecks.same(this, dst, F32.class).values, at * o, n * o);
        }

        @Override
        public F32 rows(int from, int to) {
            ObsArrayChecks.requireRows("rows", from, to - from, count());
            return new F32(spec, Arrays.copyOfRange(values, from * spec.size(), to * spec.size()));
        }

        @Override
        public F32 resized(int count) {
            return new F32(spec, Arrays.copyOf(values, Math.multiplyExact(count, spec.size())));
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

    /** u8 frames, (n, C, H, W); each byte an unsigned intensity 0..255. */
    record U8(ObsSpec spec, byte[] values) implements ObsArray {
        public U8 {
            ObsArrayChecks.check(spec, ObsDType.U8, values == null ? -1 : values.length);
        }

        @Override
        public int count() {
            return values.length / spec.size();
        }

        @Override
        public Observation get(int row) {
            int o = spec.size();
            ObsArrayChecks.requireRows("get", row, 1, count());
            return new Observation.U8(Arrays.copyOfRange(values, row * o, (row + 1) * o));
        }

        @Override
        public void set(int row, Observation obs) {
            ObsArrayChecks.requireFits(spec, obs);
            ObsArrayChecks.requireRows("set", row, 1, count());
            System.arraycopy(((Observation.U8) obs).values(), 0, values, row * spec.size(), spec.size());
        }

        @Override
        public void copyRows(int from, ObsArray dst, int at, int n) {
            ObsArrayChecks.requireRows("copyRows (source)", from, n, count());
            ObsArrayChecks.requireRows("copyRows (destination)", at, n, dst.count());
            int o = spec.size();
            System.arraycopy(values, from * o, ObsArrayChecks.same(this, dst, U8.class).values, at * o, n * o);
        }

        @Override
        public U8 rows(int from, int to) {
            ObsArrayChecks.requireRows("rows", from, to - from, count());
            return new U8(spec, Arrays.copyOfRange(values, from * spec.size(), to * spec.size()));
        }

        @Override
        public U8 resized(int count) {
            return new U8(spec, Arrays.copyOf(values, Math.multiplyExact(count, spec.size())));
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
}
