package org.mbrl4j.tensor;

/** Element types. Everything numerical is float32; int32 carries indices (top-k, gather, categorical draws). */
public enum DType {
    F32(4),
    I32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
