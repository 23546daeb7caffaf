package org.mbrl4j.io;

import java.util.Arrays;
import org.mbrl4j.tensor.DType;

/**
 * One named tensor on the host: row-major data of dtype F32 ({@link #floats}) or I32 ({@link #ints});
 * the other array is null. The arrays are not copied: do not change them while a write runs.
 *
 * @param shape dims, each >= 0; an empty shape is a scalar (1 element)
 */
public record TensorData(String name, DType dtype, int[] shape, float[] floats, int[] ints) {

    public TensorData {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("TensorData: name must be non-empty");
        }
        if (SafeTensors.METADATA_KEY.equals(name)) {
            throw new IllegalArgumentException("TensorData: '" + name + "' is reserved for the metadata block");
        }
        shape = shape.clone();
        long numel = numel(name, shape);
        int length = switch (dtype) {
            case F32 -> requireOnly(name, dtype, floats, ints == null, floats == null ? -1 : floats.length);
            case I32 -> requireOnly(name, dtype, ints, floats == null, ints == null ? -1 : ints.length);
        };
        if (length != numel) {
            throw new IllegalArgumentException("TensorData '" + name + "': shape " + Arrays.toString(shape)
                    + " has " + numel + " elements but the data has " + length);
        }
    }

    public static TensorData f32(String name, float[] data, int... shape) {
        return new TensorData(name, DType.F32, shape, data, null);
    }

    public static TensorData i32(String name, int[] data, int... shape) {
        return new TensorData(name, DType.I32, shape, null, data);
    }

    /** The F32 data. */
    @Override
    public float[] floats() {
        if (dtype != DType.F32) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not F32: use ints()");
        }
        return floats;
    }

    /** The I32 data. */
    @Override
    public int[] ints() {
        if (dtype != DType.I32) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not I32: use floats()");
        }
        return ints;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long numel() {
        return numel(name, shape);
    }

    public long byteSize() {
        return numel() * dtype.bytes();
    }

    private static long numel(String name, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("TensorData '" + name + "': negative dim in shape "
                        + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static int requireOnly(String name, DType dtype, Object data, boolean otherNull, int length) {
        if (data == null || !otherNull) {
            throw new IllegalArgumentException("TensorData '" + name + "': a " + dtype + " tensor needs its "
                    + (dtype == DType.F32 ? "float[]" : "int[]") + " data and no other array");
        }
        return length;
    }
}
