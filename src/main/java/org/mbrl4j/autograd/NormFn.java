package org.mbrl4j.autograd;

import org.mbrl4j.backend.NormOps;
import org.mbrl4j.tensor.Tensor;

/** Differentiable normalizations over the last dim F of x (..., F); M = numel / F rows. */
public final class NormFn {
    private NormFn() {}

    /** LayerNorm (biased variance) with gamma (F), beta (F): y = (x - mean)·rstd·gamma + beta. */
    public static Tensor layerNorm(Graph g, Tensor x, Tensor gamma, Tensor beta, float eps) {
        int c = x.rank() == 0 ? 1 : Math.max(x.dim(-1), 1);
        int rows = Math.toIntExact(x.numel() / c);
        boolean rg = g.needsGrad(x, gamma, beta);
        Tensor y = g.output(rg, x.shape());
        Tensor mean = g.temp(rows);
        Tensor rstd = g.temp(rows);
        NormOps ops = g.backend().norm();
        ops.layerNormForward(x, gamma, beta, eps, y, mean, rstd);
        if (rg) {
            g.record("layerNorm", () -> ops.layerNormBackward(x, gamma, mean, rstd, g.grad(y), g.grad(x),
                    g.grad(gamma), g.grad(beta)), y);
        }
        return y;
    }

    /** SimNorm (TD-MPC2): softmax within consecutive groups of groupSize along the last dim. */
    public static Tensor simNorm(Graph g, Tensor x, int groupSize) {
        boolean rg = g.needsGrad(x);
        Tensor y = g.output(rg, x.shape());
        NormOps ops = g.backend().norm();
        ops.simNormForward(x, groupSize, y);
        if (rg) {
            g.record("simNorm", () -> ops.simNormBackward(y, groupSize, g.grad(y), g.grad(x)), y);
        }
        return y;
    }

    /** Softmax over the last dim. */
    public static Tensor softmax(Graph g, Tensor x) {
        boolean rg = g.needsGrad(x);
        Tensor y = g.output(rg, x.shape());
        NormOps ops = g.backend().norm();
        ops.softmaxForward(x, y);
        if (rg) {
            g.record("softmax", () -> ops.softmaxBackward(y, g.grad(y), g.grad(x)), y);
        }
        return y;
    }

    /** log(softmax(x)) over the last dim, computed as x - max - log Σ exp(x - max). */
    public static Tensor logSoftmax(Graph g, Tensor x) {
        boolean rg = g.needsGrad(x);
        Tensor y = g.output(rg, x.shape());
        NormOps ops = g.backend().norm();
        ops.logSoftmaxForward(x, y);
        if (rg) {
            g.record("logSoftmax", () -> ops.logSoftmaxBackward(y, g.grad(y), g.grad(x)), y);
        }
        return y;
    }
}
