package org.mbrl4j.backend;

import java.util.List;
import org.mbrl4j.tensor.Tensor;

/**
 * Optimizer arithmetic over many tensors at once (one launch on device). Scalars that must stay on
 * device during a captured update (the squared gradient norm) are shape-() tensors.
 */
public interface OptimOps {

    /** One parameter's Adam state and its group's learning rate and eps. */
    record AdamSlot(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float eps) {}

    /**
     * PyTorch Adam (no weight decay) at 1-based {@code step}: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
     * p -= lr/(1 - b1^step) · m / (sqrt(v)/sqrt(1 - b2^step) + eps).
     */
    void adam(List<AdamSlot> slots, float beta1, float beta2, int step);

    /** acc (shape ()) += Σ over all tensors of x^2. */
    void sumSquares(List<Tensor> xs, Tensor acc);

    /** grads *= min(1, maxNorm / (sqrt(normSq) + 1e-6)) (torch.nn.utils.clip_grad_norm_). */
    void clipByGlobalNorm(List<Tensor> grads, Tensor normSq, float maxNorm);

    /** target += tau · (source - target), pairwise (Polyak averaging). */
    void lerp(List<Tensor> targets, List<Tensor> sources, float tau);

    // ---- the divergence gate of a captured update (agent/tdmpc2, CUDA graphs): halt is a device flag ----

    /**
     * The divergence check of a captured update, on halt (F32, 3) = {flag, checks passed, index}: when
     * flag == 0, the first i (in order) with values[i] not finite, or limited[i] != 0 and values[i] >= atLeast,
     * sets flag = 1, index = i and frozen = values (what the host reports later); when no i fails, checks
     * passed += 1. A set flag is never cleared and stops the gated ops below. values, limited and frozen (N).
     */
    void haltOnDivergence(Tensor values, Tensor limited, float atLeast, Tensor halt, Tensor frozen);

    /** {@link #adam} unless halt[0] != 0, read on the device (then nothing changes). */
    void adamUnlessHalted(List<AdamSlot> slots, float beta1, float beta2, int step, Tensor halt);

    /** {@link #lerp} unless halt[0] != 0. */
    void lerpUnlessHalted(List<Tensor> targets, List<Tensor> sources, float tau, Tensor halt);

    /** dst = src (same dtype F32 and element count, disjoint) unless halt[0] != 0. */
    void copyUnlessHalted(Tensor src, Tensor dst, Tensor halt);
}
