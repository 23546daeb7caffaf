package org.mbrl4j.env;

import java.util.Arrays;

/**
 * The shape and element type of one observation: {@code (O)} for an f32 state vector,
 * {@code (Ch, Hp, Wp)} for a u8 frame (channels first, row-major).
 *
 * @param dtype the element type
 * @param shape the dims, each >= 1
 */
public record ObsSpec(ObsDType dtype, int[] shape) {
    public ObsSpec {
        if (dtype == null) {
            throw new IllegalArgumentException("ObsSpec: dtype must be F32 or U8, got null");
        }
        if (shape == null || shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("ObsSpec: shape must have at least one dim, each >= 1, got "
                    + Arrays.toString(shape));
        }
        shape = shape.clone();
    }

    /** An f32 state vector of {@code dim} values. */
    public static ObsSpec vector(int dim) {
        return new ObsSpec(ObsDType.F32, new int[] {dim});
    }

    /** A u8 frame (Ch, Hp, Wp). */
    public static ObsSpec frame(int channels, int height, int width) {
        return new ObsSpec(ObsDType.U8, new int[] {channels, height, width});
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Elements per observation: the product of the dims. */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObsSpec s && s.dtype == dtype && Arrays.equals(s.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return dtype.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape);
    }
}
