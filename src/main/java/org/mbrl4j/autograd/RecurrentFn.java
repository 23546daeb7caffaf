package org.mbrl4j.autograd;

import org.mbrl4j.backend.RecurrentOps;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable recurrent cells ({@link RecurrentOps}): the GRU cell on gate projections that the
 * caller computes with linear layers, so the weights stay ordinary dense parameters.
 */
public final class RecurrentFn {
    private RecurrentFn() {}

    /**
     * h' (..., Ld) of the GRU cell, PyTorch {@code nn.GRUCell} convention, from gi = W_ih x + b_ih and
     * gh = W_hh h + b_hh (..., 3·Ld) in gate order [r, z, n] and the previous state h (..., Ld); all
     * three are differentiable.
     */
    public static Tensor gruCell(Graph g, Tensor gi, Tensor gh, Tensor h) {
        boolean rg = g.needsGrad(gi, gh, h);
        Tensor hNew = g.output(rg, h.shape());
        RecurrentOps ops = g.backend().recurrent();
        ops.gruCellForward(gi, gh, h, hNew);
        if (rg) {
            g.record("gruCell", () -> ops.gruCellBackward(gi, gh, h, g.grad(hNew), g.grad(gi), g.grad(gh), g.grad(h)),
                    hNew);
        }
        return hNew;
    }
}
