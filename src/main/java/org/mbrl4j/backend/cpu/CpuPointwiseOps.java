package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link PointwiseOps}. */
final class CpuPointwiseOps implements PointwiseOps {

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("cpu binary: not implemented yet");
    }

    @Override
    public void binaryBackward(BinaryOp op, Tensor a, Tensor b, Tensor dout, Tensor da, Tensor db) {
        throw new UnsupportedOperationException("cpu binaryBackward: not implemented yet");
    }

    @Override
    public void scale(Tensor x, float s, Tensor out) {
        throw new UnsupportedOperationException("cpu scale: not implemented yet");
    }

    @Override
    public void scaleBackward(float s, Tensor dout, Tensor dx) {
        throw new UnsupportedOperationException("cpu scaleBackward: not implemented yet");
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor out) {
        throw new UnsupportedOperationException("cpu clamp: not implemented yet");
    }

    @Override
    public void clampBackward(Tensor x, float lo, float hi, Tensor dout, Tensor dx) {
        throw new UnsupportedOperationException("cpu clampBackward: not implemented yet");
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("cpu unary: not implemented yet");
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor x, Tensor out, Tensor dout, Tensor dx) {
        throw new UnsupportedOperationException("cpu unaryBackward: not implemented yet");
    }

}
