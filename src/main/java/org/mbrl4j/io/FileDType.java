package org.mbrl4j.io;

/**
 * Element types of tensors in safetensors files, named as in the file header: F32 for parameters and
 * f32 data, I32 for counts and indices, U8 for image frames. A file type, not a compute type: the
 * backends compute on {@link org.mbrl4j.tensor.DType} (no u8 tensors there).
 */
public enum FileDType {
    F32(4),
    I32(4),
    U8(1);

    private final int bytes;

    FileDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
