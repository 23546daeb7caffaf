package org.mbrl4j.backend.cpu;

import java.util.List;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link OptimOps}: validates every tensor and hyper-parameter up front (nothing
 * is modified when a check fails), then runs {@link OptimAdam}, {@link OptimGlobalNorm}, {@link OptimLerp}.
 */
final class CpuOptimOps implements OptimOps {

    @Override
    public void adam(List<AdamSlot> slots, float beta1, float beta2, int step) {
        String op = "adam";
        LossShapes.requireNonNull(op, "slots", slots);
        requireUnitInterval(op, "beta1", beta1);
        requireUnitInterval(op, "beta2", beta2);
        if (step < 1) {
            throw new IllegalArgumentException(op + ": step=" + step + " must be >= 1 (1-based, as PyTorch counts)");
        }
        for (int s = 0; s < slots.size(); s++) {
            AdamSlot slot = slots.get(s);
            String at = "slots[" + s + "].";
            LossShapes.requireNonNull(op, "slots[" + s + "]", slot);
            LossShapes.requireF32(op, at + "param", slot.param());
            LossShapes.requireLike(op, at + "grad", slot.grad(), at + "param", slot.param());
            LossShapes.requireLike(op, at + "m", slot.m(), at + "param", slot.param());
            LossShapes.requireLike(op, at + "v", slot.v(), at + "param", slot.param());
            if (!(slot.lr() >= 0f) || !Float.isFinite(slot.lr())) {
                throw new IllegalArgumentException(op + ": " + at + "lr=" + slot.lr() + " must be finite and >= 0");
            }
            if (!(slot.eps() > 0f) || !Float.isFinite(slot.eps())) {
                throw new IllegalArgumentException(op + ": " + at + "eps=" + slot.eps() + " must be finite and > 0");
            }
        }
        for (AdamSlot slot : slots) {
            OptimAdam.step(slot, beta1, beta2, step);
        }
    }

    private static void requireUnitInterval(String op, String arg, float beta) {
        if (!(beta >= 0f && beta < 1f)) {
            throw new IllegalArgumentException(op + ": " + arg + "=" + beta + " must be in [0, 1)");
        }
    }

    @Override
    public void sumSquares(List<Tensor> xs, Tensor acc) {
        String op = "sumSquares";
        LossShapes.requireNonNull(op, "xs", xs);
        requireScalar(op, "acc", acc);
        for (int i = 0; i < xs.size(); i++) {
            LossShapes.requireF32(op, "xs[" + i + "]", xs.get(i));
        }
        double total = 0;
        for (Tensor x : xs) {
            total += OptimGlobalNorm.sumSquares(x);
        }
        acc.floats()[acc.off()] += (float) total;
    }

    @Override
    public void clipByGlobalNorm(List<Tensor> grads, Tensor normSq, float maxNorm) {
        String op = "clipByGlobalNorm";
        LossShapes.requireNonNull(op, "grads", grads);
        requireScalar(op, "normSq", normSq);
        if (!(maxNorm > 0f) || !Float.isFinite(maxNorm)) {
            throw new IllegalArgumentException(op + ": maxNorm=" + maxNorm + " must be finite and > 0");
        }
        for (int i = 0; i < grads.size(); i++) {
            LossShapes.requireF32(op, "grads[" + i + "]", grads.get(i));
        }
        float coef = OptimGlobalNorm.coefficient(normSq.floats()[normSq.off()], maxNorm);
        if (coef == 1f) {
            return;
        }
        for (Tensor g : grads) {
            OptimGlobalNorm.scale(g, coef);
        }
    }

    private static void requireScalar(String op, String arg, Tensor t) {
        LossShapes.requireF32(op, arg, t);
        if (t.rank() != 0) {
            throw new IllegalArgumentException(op + ": " + arg + " must have shape (), got " + Shapes.str(t.shape()));
        }
    }

    @Override
    public void lerp(List<Tensor> targets, List<Tensor> sources, float tau) {
        String op = "lerp";
        LossShapes.requireNonNull(op, "targets", targets);
        LossShapes.requireNonNull(op, "sources", sources);
        if (targets.size() != sources.size()) {
            throw new IllegalArgumentException(op + ": targets (" + targets.size() + " tensors) and sources ("
                    + sources.size() + ") must pair up");
        }
        if (!(tau >= 0f && tau <= 1f)) {
            throw new IllegalArgumentException(op + ": tau=" + tau + " must be in [0, 1]");
        }
        for (int i = 0; i < targets.size(); i++) {
            LossShapes.requireF32(op, "targets[" + i + "]", targets.get(i));
            LossShapes.requireLike(op, "sources[" + i + "]", sources.get(i), "targets[" + i + "]", targets.get(i));
        }
        for (int i = 0; i < targets.size(); i++) {
            OptimLerp.lerp(targets.get(i), sources.get(i), tau);
        }
    }
}
