package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link SelectOps}. */
final class CpuSelectOps implements SelectOps {

    @Override
    public void topk(Tensor x, int k, Tensor values, Tensor indices) {
        throw new UnsupportedOperationException("cpu topk: not implemented yet");
    }

    @Override
    public void topkBackward(Tensor indices, Tensor dvalues, Tensor dx) {
        throw new UnsupportedOperationException("cpu topkBackward: not implemented yet");
    }

}
