package org.mbrl4j.backend;

/** Whether a GEMM operand is read as stored ({@code N}) or transposed ({@code T}). */
public enum Transpose {
    N,
    T
}
