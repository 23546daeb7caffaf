package org.mbrl4j.backend;

/** Elementwise binary functions of {@link PointwiseOps#binary}. */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    /** a / b; the backward of the divisor is -dy * a / b^2. */
    DIV
}
