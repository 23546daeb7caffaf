package org.mbrl4j.autograd;

import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable dense ops. Inputs may carry any leading dims: {@code x (..., K)} is flattened to rows
 * and the output has shape {@code (..., N)}.
 */
public final class DenseFn {
    private DenseFn() {}

    /** y (..., N) = x (..., K) · w (N,K)^T + b (N); b may be null. */
    public static Tensor linear(Graph g, Tensor x, Tensor w, Tensor b) {
        int k = x.dim(-1);
        int n = w.dim(0);
        int m = Math.toIntExact(x.numel() / Math.max(k, 1));
        Tensor x2 = g.view(x, m, k);
        boolean rg = g.needsGrad(x, w, b);
        Tensor y2 = g.output(rg, m, n);
        DenseOps ops = g.backend().dense();
        ops.linearForward(x2, w, b, y2);
        if (rg) {
            g.record("linear", () -> ops.linearBackward(x2, w, g.grad(y2), g.grad(x2), g.grad(w), g.grad(b)), y2);
        }
        return g.view(y2, Shapes.with(x.shape(), x.rank() - 1, n));
    }
}
