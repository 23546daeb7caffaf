package org.mbrl4j.env;

/**
 * One observation, typed by its element type: an f32 state vector or a u8 frame. The arrays are the
 * observation's values in the row-major layout of its {@link ObsSpec}; holders do not modify them.
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
    }

    /** A u8 frame (C, H, W), each byte an unsigned intensity 0..255. */
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
    }

    /** Whether this observation fits {@code spec} (element type and count). */
    default boolean fits(ObsSpec spec) {
        return dtype() == spec.dtype() && size() == spec.size();
    }
}
