package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.SelectContract;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link SelectOps}: {@link SelectContract} checks, {@link SelectTopK} computes,
 * {@link CpuEliteRefit} composes the elite refit.
 */
final class CpuSelectOps implements SelectOps {
    private final CpuEliteRefit eliteRefit;

    /** The elite refit composes these families' CPU ops (with this family's topk). */
    CpuSelectOps(PointwiseOps pointwise, NormOps norm, LayoutOps layout, DenseOps dense) {
        this.eliteRefit = new CpuEliteRefit(this, pointwise, norm, layout, dense);
    }

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

    @Override
    public void eliteRefit(Tensor scores, Tensor actions, int k, float temperature, float stdMin, float stdMax,
            Tensor eliteIndices, Tensor eliteScores, Tensor weights, Tensor mean, Tensor std) {
        int episodes = SelectContract.eliteRefit(scores, actions, k, temperature, stdMin, stdMax, eliteIndices,
                eliteScores, weights, mean, std);
        eliteRefit.forward(scores, actions, k, temperature, stdMin, stdMax, eliteIndices, eliteScores, weights, mean,
                std, episodes);
    }
}
