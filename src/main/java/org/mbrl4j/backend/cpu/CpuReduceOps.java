package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link ReduceOps}. */
final class CpuReduceOps implements ReduceOps {

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        throw new UnsupportedOperationException("cpu reduce: not implemented yet");
    }

    @Override
    public void reduceBackward(ReduceOp op, int[] axes, Tensor dout, Tensor dx) {
        throw new UnsupportedOperationException("cpu reduceBackward: not implemented yet");
    }

}
