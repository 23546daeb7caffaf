package org.mbrl4j.backend.cpu;

/**
 * One GEMM operand as the driver reads it: element (r, c) of the logical matrix op(X) for batch entry
 * {@code e} lives at {@code data[offset + e·batchStride + r·rowStride + c·colStride]}. A transposed
 * operand is the same storage with the two strides swapped; an operand shared by every batch entry
 * (the ensemble's common input) has batchStride 0.
 */
record GemmMatrix(float[] data, int offset, int batchStride, int rowStride, int colStride) {

    /**
     * op(X) for a row-major matrix X with {@code storedCols} columns: as stored, or transposed
     * (then element (r, c) of op(X) is X[c][r]).
     */
    static GemmMatrix rowMajor(float[] data, int offset, int batchStride, int storedCols, boolean transposed) {
        return transposed
                ? new GemmMatrix(data, offset, batchStride, 1, storedCols)
                : new GemmMatrix(data, offset, batchStride, storedCols, 1);
    }

    /** Index of element (0, 0) of batch entry {@code e}. */
    int base(int e) {
        return offset + e * batchStride;
    }

    /** Index of element (r, c) of batch entry {@code e}. */
    int at(int e, int r, int c) {
        return offset + e * batchStride + r * rowStride + c * colStride;
    }
}
