package org.mbrl4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * Adam (PyTorch semantics, no weight decay) over parameter groups, each with its own learning rate
 * and eps: TD-MPC2 runs the encoder at {@code lr · enc_lr_scale} (docs/tdmpc2.md#optimizers) and the policy
 * with eps 1e-5. Moments are persistent tensors on the parameters' backend; one {@link #step()}
 * updates every group in one backend call.
 */
public final class Adam {
    /** A named set of parameters sharing a learning rate and eps. */
    public record Group(String name, List<Tensor> params, float lr, float eps) {
        public Group {
            if (!(lr > 0) || !(eps > 0)) {
                throw new IllegalArgumentException("Adam group '" + name + "': lr=" + lr + " and eps=" + eps
                        + " must be > 0");
            }
            params = List.copyOf(params);
        }
    }

    public static final float DEFAULT_BETA1 = 0.9f;
    public static final float DEFAULT_BETA2 = 0.999f;
    public static final float DEFAULT_EPS = 1e-8f;

    private final Backend backend;
    private final List<Group> groups;
    private final float beta1;
    private final float beta2;
    private final List<AdamSlot> slots = new ArrayList<>();
    private int step;

    public Adam(Backend backend, List<Group> groups) {
        this(backend, groups, DEFAULT_BETA1, DEFAULT_BETA2);
    }

    public Adam(Backend backend, List<Group> groups, float beta1, float beta2) {
        this.backend = backend;
        this.groups = List.copyOf(groups);
        this.beta1 = beta1;
        this.beta2 = beta2;
        java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Group g : this.groups) {
            for (Tensor p : g.params()) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("Adam: a parameter " + p + " appears in two groups (second: '"
                            + g.name() + "')");
                }
                if (p.grad() == null) {
                    throw new IllegalArgumentException("Adam group '" + g.name() + "': parameter " + p
                            + " has no gradient tensor (create it through Parameters)");
                }
                slots.add(new AdamSlot(p, p.grad(), backend.tensor(DType.F32, false, p.shape()),
                        backend.tensor(DType.F32, false, p.shape()), g.lr(), g.eps()));
            }
        }
    }

    /** One update of every parameter from its current gradient. */
    public void step() {
        step++;
        backend.optim().adam(slots, beta1, beta2, step);
    }

    /**
     * {@link #step()} unless the device flag halt[0] is set (a captured update's divergence gate): the step
     * count advances on the host either way, the parameters and moments only when not halted.
     */
    public void step(Tensor halt) {
        step++;
        backend.optim().adamUnlessHalted(slots, beta1, beta2, step, halt);
    }

    public void zeroGrad() {
        for (AdamSlot s : slots) {
            backend.fillZero(s.grad());
        }
    }

    /** Number of steps taken (the bias-correction exponent of the last step). */
    public int steps() {
        return step;
    }

    /** Restores the step count (checkpoint resume). */
    public void setSteps(int steps) {
        this.step = steps;
    }

    public List<Group> groups() {
        return groups;
    }

    /** The first and second moments of each parameter, in group order (for checkpoints). */
    public List<AdamSlot> slots() {
        return java.util.Collections.unmodifiableList(slots);
    }

    /** Every gradient this optimizer updates, for clipping. */
    public List<Tensor> grads() {
        List<Tensor> out = new ArrayList<>(slots.size());
        for (AdamSlot s : slots) {
            out.add(s.grad());
        }
        return out;
    }
}
