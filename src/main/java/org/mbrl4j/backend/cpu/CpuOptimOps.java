package org.mbrl4j.backend.cpu;

import java.util.List;
import org.mbrl4j.backend.OptimContract;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link OptimOps}: {@link OptimContract} checks every tensor and hyper-parameter
 * up front (nothing is modified when a check fails), then {@link OptimAdam}, {@link OptimGlobalNorm}
 * and {@link OptimLerp} compute.
 */
final class CpuOptimOps implements OptimOps {

    @Override
    public void adam(List<AdamSlot> slots, float beta1, float beta2, int step) {
        OptimContract.adam(slots, beta1, beta2, step);
        for (AdamSlot slot : slots) {
            OptimAdam.step(slot, beta1, beta2, step);
        }
    }

    @Override
    public void sumSquares(List<Tensor> xs, Tensor acc) {
        OptimContract.sumSquares(xs, acc);
        double total = 0;
        for (Tensor x : xs) {
            total += OptimGlobalNorm.sumSquares(x);
        }
        acc.floats()[acc.off()] += (float) total;
    }

    @Override
    public void clipByGlobalNorm(List<Tensor> grads, Tensor normSq, float maxNorm) {
        OptimContract.clipByGlobalNorm(grads, normSq, maxNorm);
        float coef = OptimGlobalNorm.coefficient(normSq.floats()[normSq.off()], maxNorm);
        if (coef == 1f) {
            return;
        }
        for (Tensor g : grads) {
            OptimGlobalNorm.scale(g, coef);
        }
    }

    @Override
    public void lerp(List<Tensor> targets, List<Tensor> sources, float tau) {
        OptimContract.lerp(targets, sources, tau);
        for (int i = 0; i < targets.size(); i++) {
            OptimLerp.lerp(targets.get(i), sources.get(i), tau);
        }
    }
}
