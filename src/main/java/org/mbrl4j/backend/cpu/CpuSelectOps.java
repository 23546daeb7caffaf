package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.SelectContract;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link SelectOps}: {@link SelectContract} checks, {@link SelectTopK} computes. */
final class CpuSelectOps implements SelectOps {

    @Override
    public void topk(Tensor x, int k, Tensor values, Tensor indices) {
        SelectTopK.forward(x, k, values, indices, SelectContract.topk(x, k, values, indices));
    }

    @Override
    public void topkBackward(Tensor indices, Tensor dvalues, Tensor dx) {
        int rows = SelectContract.topkBackward(indices, dvalues, dx);
        if (dx != null) {
            SelectTopK.backward(indices, dvalues, dx, rows);
        }
    }
}
