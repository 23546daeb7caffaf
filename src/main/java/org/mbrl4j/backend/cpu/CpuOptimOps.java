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

    @Override
    public void haltOnDivergence(Tensor values, Tensor limited, float atLeast, Tensor halt, Tensor frozen) {
        OptimContract.haltOnDivergence(values, limited, atLeast, halt, frozen);
        float[] h = halt.floats();
        int ho = halt.off();
        if (h[ho] != 0f) {
            return;
        }
        float[] v = values.floats();
        float[] lim = limited.floats();
        int n = values.size();
        for (int i = 0; i < n; i++) {
            float x = v[values.off() + i];
            if (!Float.isFinite(x) || (lim[limited.off() + i] != 0f && x >= atLeast)) {
                h[ho] = 1f;
                h[ho + 2] = i;
                System.arraycopy(v, values.off(), frozen.floats(), frozen.off(), n);
                return;
            }
        }
        h[ho + 1] += 1f;
    }

    @Override
    public void adamUnlessHalted(List<AdamSlot> slots, float beta1, float beta2, int step, Tensor halt) {
        OptimContract.halt("adamUnlessHalted", halt);
        OptimContract.adam(slots, beta1, beta2, step);
        if (!halted(halt)) {
            adam(slots, beta1, beta2, step);
        }
    }

    @Override
    public void lerpUnlessHalted(List<Tensor> targets, List<Tensor> sources, float tau, Tensor halt) {
        OptimContract.halt("lerpUnlessHalted", halt);
        OptimContract.lerp(targets, sources, tau);
        if (!halted(halt)) {
            lerp(targets, sources, tau);
        }
    }

    @Override
    public void copyUnlessHalted(Tensor src, Tensor dst, Tensor halt) {
        OptimContract.copyUnlessHalted(src, dst, halt);
        if (!halted(halt)) {
            System.arraycopy(src.floats(), src.off(), dst.floats(), dst.off(), src.size());
        }
    }

    private static boolean halted(Tensor halt) {
        return halt.floats()[halt.off()] != 0f;
    }
}
