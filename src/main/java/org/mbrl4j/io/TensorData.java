package org.mbrl4j.io;

import java.util.Arrays;

/**
 * One named tensor on the host: row-major data of dtype F32 ({@link #floats}), I32 ({@link #ints})
 * or U8 ({@link #bytes}); the other arrays are null. The arrays are not copied: do not change them
 * while a write runs.
 *
 * @param shape dims, each >= 0; an empty shape is a scalar (1 element)
 */
public record TensorData(String name, FileDType dtype, int[] shape, float[] floats, int[] ints, byte[] bytes) {

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
            case F32 -> requireOnly(name, dtype, floats, ints == null && bytes == null,
                    floats == null ? -1 : floats.length);
            case I32 -> requireOnly(name, dtype, ints, floats == null && bytes == null,
                    ints == null ? -1 : ints.length);
            case U8 -> requireOnly(name, dtype, bytes, floats == null && ints == null,
                    bytes == null ? -1 : bytes.length);
        };
        if (length != numel) {
            throw new IllegalArgumentException("TensorData '" + name + "': shape " + Arrays.toString(shape)
                    + " has " + numel + " elements but the data has " + length);
        }
    }

    public static TensorData f32(String name, float[] data, int... shape) {
        return new TensorData(name, FileDType.F32, shape, data, null, null);
    }

    public static TensorData i32(String name, int[] data, int... shape) {
        return new TensorData(name, FileDType.I32, shape, null, data, null);
    }

    /** A U8 tensor: each byte an unsigned value 0..255. */
    public static TensorData u8(String name, byte[] data, int... shape) {
        return new TensorData(name, FileDType.U8, shape, null, null, data);
    }

    /** The F32 data. */
    @Override
    public float[] floats() {
        if (dtype != FileDType.F32) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not F32");
        }
        return floats;
    }

    /** The I32 data. */
    @Override
    public int[] ints() {
        if (dtype != FileDType.I32) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not I32");
        }
        return ints;
    }

    /** The U8 data. */
    @Override
    public byte[] bytes() {
        if (dtype != FileDType.U8) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not U8");
        }
        return bytes;
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

    private static int requireOnly(String name, FileDType dtype, Object data, boolean othersNull, int length) {
        if (data == null || !othersNull) {
            String array = switch (dtype) {
                case F32 -> "float[]";
                case I32 -> "int[]";
                case U8 -> "byte[]";
            };
            throw new IllegalArgumentException("TensorData '" + name + "': a " + dtype + " tensor needs its "
                    + array + " data and no other array");
        }
        return length;
    }
}
