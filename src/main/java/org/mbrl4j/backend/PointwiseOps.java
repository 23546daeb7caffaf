package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/**
 * Elementwise ops. Binary ops broadcast {@code b} over {@code a} when b's shape is a suffix of a's
 * shape (e.g. a (M, F), b (F)) or b has one element; backward then sums the gradient back to b's shape.
 */
public interface PointwiseOps {

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    void binaryBackward(BinaryOp op, Tensor a, Tensor b, Tensor dout, Tensor da, Tensor db);

    /** out = s * x. */
    void scale(Tensor x, float s, Tensor out);

    void scaleBackward(float s, Tensor dout, Tensor dx);

    /** out = min(max(x, lo), hi). */
    void clamp(Tensor x, float lo, float hi, Tensor out);

    /** dx += dout where lo <= x <= hi (PyTorch's convention), else nothing. */
    void clampBackward(Tensor x, float lo, float hi, Tensor dout, Tensor dx);

    void unary(UnaryOp op, Tensor x, Tensor out);

    /** dx += f'(x) * dout; {@code out} is f(x) from the forward, for ops whose derivative reads it. */
    void unaryBackward(UnaryOp op, Tensor x, Tensor out, Tensor dout, Tensor dx);
}
