package org.mbrl4j.backend;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link OptimOps}, written once for every backend. Every tensor and
 * hyper-parameter is checked before anything is modified. One call updates all its tensors together
 * (one launch on a device), so the tensors it writes must not alias each other or what it reads.
 */
public final class OptimContract {
    private OptimContract() {}

    public static void adam(List<OptimOps.AdamSlot> slots, float beta1, float beta2, int step) {
        String op = "adam";
        OpArgs.nonNull(op, "slots", slots);
        unitInterval(op, "beta1", beta1);
        unitInterval(op, "beta2", beta2);
        if (step < 1) {
            throw new IllegalArgumentException(op + ": step=" + step + " must be >= 1 (1-based, as PyTorch counts)");
        }
        List<Tensor> tensors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < slots.size(); s++) {
            OptimOps.AdamSlot slot = slots.get(s);
            String at = "slots[" + s + "].";
            OpArgs.nonNull(op, "slots[" + s + "]", slot);
            OpArgs.f32(op, at + "param", slot.param());
            OpArgs.like(op, at + "grad", slot.grad(), at + "param", slot.param());
            OpArgs.like(op, at + "m", slot.m(), at + "param", slot.param());
            OpArgs.like(op, at + "v", slot.v(), at + "param", slot.param());
            if (!(slot.lr() >= 0f) || !Float.isFinite(slot.lr())) {
                throw new IllegalArgumentException(op + ": " + at + "lr=" + slot.lr() + " must be finite and >= 0");
            }
            if (!(slot.eps() > 0f) || !Float.isFinite(slot.eps())) {
                throw new IllegalArgumentException(op + ": " + at + "eps=" + slot.eps() + " must be finite and > 0");
            }
            tensors.addAll(List.of(slot.param(), slot.grad(), slot.m(), slot.v()));
            names.addAll(List.of(at + "param", at + "grad", at + "m", at + "v"));
        }
        OpArgs.pairwiseDisjoint(op, tensors, names);
    }

    public static void sumSquares(List<Tensor> xs, Tensor acc) {
        String op = "sumSquares";
        OpArgs.nonNull(op, "xs", xs);
        OpArgs.scalar(op, "acc", acc);
        for (int i = 0; i < xs.size(); i++) {
            OpArgs.f32(op, "xs[" + i + "]", xs.get(i));
            OpArgs.disjoint(op, "acc", acc, "xs[" + i + "]", xs.get(i));
        }
    }

    public static void clipByGlobalNorm(List<Tensor> grads, Tensor normSq, float maxNorm) {
        String op = "clipByGlobalNorm";
        OpArgs.nonNull(op, "grads", grads);
        OpArgs.scalar(op, "normSq", normSq);
        if (!(maxNorm > 0f) || !Float.isFinite(maxNorm)) {
            throw new IllegalArgumentException(op + ": maxNorm=" + maxNorm + " must be finite and > 0");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < grads.size(); i++) {
            OpArgs.f32(op, "grads[" + i + "]", grads.get(i));
            names.add("grads[" + i + "]");
        }
        List<Tensor> all = new ArrayList<>(grads);
        all.add(normSq);
        names.add("normSq");
        OpArgs.pairwiseDisjoint(op, all, names);
    }

    public static void lerp(List<Tensor> targets, List<Tensor> sources, float tau) {
        String op = "lerp";
        OpArgs.nonNull(op, "targets", targets);
        OpArgs.nonNull(op, "sources", sources);
        if (targets.size() != sources.size()) {
            throw new IllegalArgumentException(op + ": targets (" + targets.size() + " tensors) and sources ("
                    + sources.size() + ") must pair up");
        }
        if (!(tau >= 0f && tau <= 1f)) {
            throw new IllegalArgumentException(op + ": tau=" + tau + " must be in [0, 1]");
        }
        List<Tensor> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            OpArgs.f32(op, "targets[" + i + "]", targets.get(i));
            OpArgs.like(op, "sources[" + i + "]", sources.get(i), "targets[" + i + "]", targets.get(i));
            all.addAll(List.of(targets.get(i), sources.get(i)));
            names.addAll(List.of("targets[" + i + "]", "sources[" + i + "]"));
        }
        OpArgs.pairwiseDisjoint(op, all, names);
    }

    private static void unitInterval(String op, String arg, float beta) {
        if (!(beta >= 0f && beta < 1f)) {
            throw new IllegalArgumentException(op + ": " + arg + "=" + beta + " must be in [0, 1)");
        }
    }

    /** The flag of the gated ops: F32 with at least one element (halt[0]). */
    public static void halt(String op, Tensor halt) {
        OpArgs.f32(op, "halt", halt);
        if (halt.numel() < 1) {
            throw new IllegalArgumentException(op + ": halt " + Shapes.str(halt.shape()) + " must hold the flag (>= 1"
                    + " element)");
        }
    }

    public static void haltOnDivergence(Tensor values, Tensor limited, float atLeast, Tensor halt, Tensor frozen) {
        String op = "haltOnDivergence";
        OpArgs.f32(op, "values", values);
        OpArgs.f32(op, "limited", limited, values.shape());
        OpArgs.f32(op, "frozen", frozen, values.shape());
        OpArgs.f32(op, "halt", halt, 3);
        if (values.rank() != 1 || values.numel() < 1) {
            throw new IllegalArgumentException(op + ": values " + Shapes.str(values.shape()) + " must be (N), N >= 1");
        }
        if (Float.isNaN(atLeast)) {
            throw new IllegalArgumentException(op + ": atLeast=" + atLeast + " must not be NaN (+inf: no limit)");
        }
        OpArgs.pairwiseDisjoint(op, List.of(values, limited, halt, frozen),
                List.of("values", "limited", "halt", "frozen"));
    }

    public static void copyUnlessHalted(Tensor src, Tensor dst, Tensor halt) {
        String op = "copyUnlessHalted";
        OpArgs.f32(op, "src", src);
        OpArgs.f32(op, "dst", dst);
        if (src.numel() != dst.numel()) {
            throw new IllegalArgumentException(op + ": src " + Shapes.str(src.shape()) + " and dst "
                    + Shapes.str(dst.shape()) + " must have the same element count");
        }
        halt(op, halt);
        OpArgs.pairwiseDisjoint(op, List.of(src, dst, halt), List.of("src", "dst", "halt"));
    }
}
