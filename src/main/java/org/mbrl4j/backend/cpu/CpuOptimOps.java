package org.mbrl4j.backend.cpu;

import java.util.List;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link OptimOps}. */
final class CpuOptimOps implements OptimOps {

    @Override
    public void adam(List<AdamSlot> slots, float beta1, float beta2, int step) {
        throw new UnsupportedOperationException("cpu adam: not implemented yet");
    }

    @Override
    public void sumSquares(List<Tensor> xs, Tensor acc) {
        throw new UnsupportedOperationException("cpu sumSquares: not implemented yet");
    }

    @Override
    public void clipByGlobalNorm(List<Tensor> grads, Tensor normSq, float maxNorm) {
        throw new UnsupportedOperationException("cpu clipByGlobalNorm: not implemented yet");
    }

    @Override
    public void lerp(List<Tensor> targets, List<Tensor> sources, float tau) {
        throw new UnsupportedOperationException("cpu lerp: not implemented yet");
    }

}
