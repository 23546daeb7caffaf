package org.mbrl4j.env;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * One observation, typed by its element type: an f32 state vector or a u8 frame. The arrays are the
 * observation's values in the row-major layout of its {@link ObsSpec}; holders do not modify them.
 * Two observations are equal when their element types and values are (bitwise for f32, as
 * {@link Arrays#equals(float[], float[])} compares).
 */
public sealed interface Observation permits Observation.F32, Observation.U8 {

    /** Number of elements. */
    int size();

    ObsDType dtype();

    /** An f32 state vector. */
    record F32(float[] values) implements Observation {
        public F32 {
            if (values == null) {
                throw new IllegalArgumentException("Observation.F32: values must not be null");
            }
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public ObsDType dtype() {
            return ObsDType.F32;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof F32 f && Arrays.equals(f.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describe("f32", values.length, i -> Float.toString(values[i]));
        }
    }

    /** A u8 frame (Ch, Hp, Wp), each byte an unsigned intensity 0..255. */
    record U8(byte[] values) implements Observation {
        public U8 {
            if (values == null) {
                throw new IllegalArgumentException("Observation.U8: values must not be null");
            }
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public ObsDType dtype() {
            return ObsDType.U8;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof U8 u && Arrays.equals(u.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describe("u8", values.length, i -> Integer.toString(Byte.toUnsignedInt(values[i])));
        }
    }

    /** Whether this observation fits {@code spec} (element type and count). */
    default boolean fits(ObsSpec spec) {
        return dtype() == spec.dtype() && size() == spec.size();
    }

    /** "u8[12288] (0, 17, 255, ...)": the type, the size and the first few values. */
    private static String describe(String type, int n, IntFunction<String> value) {
        final int shown = 8;
        StringBuilder sb = new StringBuilder(type).append('[').append(n).append("] (");
        for (int i = 0; i < Math.min(n, shown); i++) {
            sb.append(i == 0 ? "" : ", ").append(value.apply(i));
        }
        return sb.append(n > shown ? ", ...)" : ")").toString();
    }
}
