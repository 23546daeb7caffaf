package org.mbrl4j.backend;

/** The dims of {@link DenseOps#gemm} as {@link DenseContract#gemm} derives them: C (batch, M, N), K. */
public record GemmDims(int batch, int m, int n, int k) {}
