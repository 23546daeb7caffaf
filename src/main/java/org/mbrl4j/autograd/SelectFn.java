package org.mbrl4j.autograd;

import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Top-k along the last dim (the planner's elite selection). Values are differentiable (their gradient
 * scatters back to the selected entries); indices are I32 constants.
 */
public final class SelectFn {
    private SelectFn() {}

    /** values (..., k) and I32 indices (..., k), descending; ties to the smaller index; NaN ranks lowest. */
    public record TopK(Tensor values, Tensor indices) {}

    public static TopK topk(Graph g, Tensor x, int k) {
        int r = LossFn.rows("topk", x);
        if (k < 1 || k > x.dim(-1)) {
            // Checked before the outputs are allocated; the backend repeats the check.
            throw new IllegalArgumentException("topk: k=" + k + " must be in [1, F] with F=" + x.dim(-1) + " (x "
                    + Shapes.str(x.shape()) + ")");
        }
        Tensor x2 = g.view(x, r, x.dim(-1));
        boolean rg = g.needsGrad(x);
        Tensor values = g.output(rg, r, k);
        Tensor indices = g.tempInt(r, k);
        SelectOps ops = g.backend().select();
        ops.topk(x2, k, values, indices);
        if (rg) {
            g.record("topk", () -> ops.topkBackward(indices, g.grad(values), g.grad(x2)), values);
        }
        int[] outShape = Shapes.with(x.shape(), x.rank() - 1, k);
        return new TopK(g.view(values, outShape), indices.reshape(outShape));
    }
}
