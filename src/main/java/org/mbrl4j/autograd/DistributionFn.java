package org.mbrl4j.autograd;

import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The differentiable squashed Gaussian of the TD-MPC2 policy prior (tdmpc2 world_model.py {@code pi},
 * common/math.py {@code gaussian_logprob}, {@code squash}). Per-element tensors are {@code (..., A)},
 * per-row outputs {@code (...)}; the noise eps is always a constant.
 */
public final class DistributionFn {
    private DistributionFn() {}

    /** The squash outputs: action (..., A) = tanh(u) and logDet (...) = Σ ln(relu(1 - action^2) + 1e-6). */
    public record Squashed(Tensor action, Tensor logDet) {}

    /** u = mean + eps · exp(logStd) (reparameterized); gradients to mean and logStd. */
    public static Tensor gaussianSample(Graph g, Tensor mean, Tensor logStd, Tensor eps) {
        Shapes.requireSameShape("gaussianSample", "mean", mean, "logStd", logStd);
        Tensor e = eps.detach();
        boolean rg = g.needsGrad(mean, logStd);
        Tensor u = g.output(rg, mean.shape());
        DistributionOps ops = g.backend().distribution();
        ops.gaussianSampleForward(mean, logStd, e, u);
        if (rg) {
            g.record("gaussianSample",
                    () -> ops.gaussianSampleBackward(logStd, e, g.grad(u), g.grad(mean), g.grad(logStd)), u);
        }
        return u;
    }

    /** out (...) = Σ_i (-0.5 eps_i^2 - logStd_i) - A · 0.5 ln(2π); gradient to logStd only. */
    public static Tensor gaussianLogProb(Graph g, Tensor eps, Tensor logStd) {
        Shapes.requireSameShape("gaussianLogProb", "eps", eps, "logStd", logStd);
        int r = LossFn.rows("gaussianLogProb", logStd);
        int a = logStd.dim(-1);
        Tensor e = eps.reshape(r, a);
        Tensor ls = g.view(logStd, r, a);
        boolean rg = g.needsGrad(logStd);
        Tensor out = g.output(rg, r);
        DistributionOps ops = g.backend().distribution();
        ops.gaussianLogProbForward(e, ls, out);
        if (rg) {
            g.record("gaussianLogProb", () -> ops.gaussianLogProbBackward(g.grad(out), g.grad(ls)), out);
        }
        return g.view(out, LossFn.leading(logStd));
    }

    /** action = tanh(u) and its log-det-Jacobian term; gradients from either output flow to u. */
    public static Squashed tanhSquash(Graph g, Tensor u) {
        int r = LossFn.rows("tanhSquash", u);
        int a = u.dim(-1);
        Tensor u2 = g.view(u, r, a);
        boolean rg = g.needsGrad(u);
        Tensor action = g.output(rg, r, a);
        Tensor logDet = g.output(rg, r);
        DistributionOps ops = g.backend().distribution();
        ops.tanhSquashForward(u2, action, logDet);
        if (rg) {
            // The tape runs this when either output has a gradient; the other's may still be null.
            g.record("tanhSquash", () -> ops.tanhSquashBackward(action, action.grad(), logDet.grad(), g.grad(u2)),
                    action, logDet);
        }
        return new Squashed(g.view(action, u.shape()), g.view(logDet, LossFn.leading(u)));
    }
}
