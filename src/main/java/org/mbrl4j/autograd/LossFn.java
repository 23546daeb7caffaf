package org.mbrl4j.autograd;

import java.util.Arrays;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable losses and the two-hot regression of TD-MPC2 (tdmpc2 common/math.py). Inputs may
 * carry leading dims: {@code x (..., F)} is flattened to {@code M} rows and per-row outputs have shape
 * {@code (...)}. Losses are per row; callers weight and reduce.
 */
public final class LossFn {
    private LossFn() {}

    /** out (...) = mean over the last dim of (pred - target)^2; pred, target (..., F), both differentiable. */
    public static Tensor mse(Graph g, Tensor pred, Tensor target) {
        Shapes.requireSameShape("mse", "pred", pred, "target", target);
        int r = rows("mse", pred);
        int c = pred.dim(-1);
        Tensor p2 = g.view(pred, r, c);
        Tensor t2 = g.view(target, r, c);
        boolean rg = g.needsGrad(pred, target);
        Tensor out = g.output(rg, r);
        LossOps ops = g.backend().loss();
        ops.mseForward(p2, t2, out);
        if (rg) {
            g.record("mse", () -> ops.mseBackward(p2, t2, g.grad(out), g.grad(p2), g.grad(t2)), out);
        }
        return g.view(out, leading(pred));
    }

    /**
     * out (...) = ½ Σ_c (target - mean)² + ½·F·ln 2π, the negative log-likelihood of target under
     * N(mean, 1) summed over the last dim; mean, target (..., F), both differentiable.
     */
    public static Tensor unitGaussianNll(Graph g, Tensor mean, Tensor target) {
        Shapes.requireSameShape("unitGaussianNll", "mean", mean, "target", target);
        int r = rows("unitGaussianNll", mean);
        int c = mean.dim(-1);
        Tensor m2 = g.view(mean, r, c);
        Tensor t2 = g.view(target, r, c);
        boolean rg = g.needsGrad(mean, target);
        Tensor out = g.output(rg, r);
        LossOps ops = g.backend().loss();
        ops.unitGaussianNllForward(m2, t2, out);
        if (rg) {
            g.record("unitGaussianNll", () -> ops.unitGaussianNllBackward(m2, t2, g.grad(out), g.grad(m2), g.grad(t2)),
                    out);
        }
        return g.view(out, leading(mean));
    }

    /**
     * out (...) = max(KL(N(muQ, stdQ²) || N(muP, stdP²)) summed over the last dim, freeNats): PlaNet's
     * divergence with free nats clamped per row. All four inputs (..., F) are differentiable; stdQ and
     * stdP are standard deviations (the RSSM's softplus(·) + min_std). A row where the clamp binds
     * passes no gradient.
     */
    public static Tensor gaussianKl(Graph g, Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats) {
        Shapes.requireSameShape("gaussianKl", "stdQ", stdQ, "muQ", muQ);
        Shapes.requireSameShape("gaussianKl", "muP", muP, "muQ", muQ);
        Shapes.requireSameShape("gaussianKl", "stdP", stdP, "muQ", muQ);
        int r = rows("gaussianKl", muQ);
        int c = muQ.dim(-1);
        Tensor mq = g.view(muQ, r, c);
        Tensor sq = g.view(stdQ, r, c);
        Tensor mp = g.view(muP, r, c);
        Tensor sp = g.view(stdP, r, c);
        boolean rg = g.needsGrad(muQ, stdQ, muP, stdP);
        Tensor out = g.output(rg, r);
        LossOps ops = g.backend().loss();
        ops.gaussianKlForward(mq, sq, mp, sp, freeNats, out);
        if (rg) {
            g.record("gaussianKl", () -> ops.gaussianKlBackward(mq, sq, mp, sp, freeNats, out, g.grad(out), g.grad(mq),
                    g.grad(sq), g.grad(mp), g.grad(sp)), out);
        }
        return g.view(out, leading(muQ));
    }

    /** Elementwise BCE with logits, same shape as logits; target is a constant. */
    public static Tensor bceWithLogits(Graph g, Tensor logits, Tensor target) {
        Tensor t = target.detach();
        boolean rg = g.needsGrad(logits);
        Tensor out = g.output(rg, logits.shape());
        LossOps ops = g.backend().loss();
        ops.bceWithLogitsForward(logits, t, out);
        if (rg) {
            g.record("bceWithLogits", () -> ops.bceWithLogitsBackward(logits, t, g.grad(out), g.grad(logits)), out);
        }
        return out;
    }

    /** out (..., V) = two_hot(x (...)); never differentiable. */
    public static Tensor twoHotEncode(Graph g, Tensor x, Bins bins) {
        int r = Math.toIntExact(x.numel());
        Tensor out = g.temp(r, bins.numBins());
        g.backend().loss().twoHotEncode(x.reshape(r), bins, out);
        return out.reshape(Shapes.with(Arrays.copyOf(x.shape(), x.rank() + 1), x.rank(), bins.numBins()));
    }

    /** out (...) = -Σ_j two_hot(target)_j log_softmax(logits)_j; logits (..., V), target (...) constant. */
    public static Tensor twoHotSoftCe(Graph g, Tensor logits, Tensor target, Bins bins) {
        int r = rows("twoHotSoftCe", logits);
        int k = logits.dim(-1);
        if (!Arrays.equals(target.shape(), leading(logits))) {
            throw new IllegalArgumentException("twoHotSoftCe: target " + Shapes.str(target.shape())
                    + " must have the shape of logits " + Shapes.str(logits.shape()) + " without its last dim");
        }
        Tensor l2 = g.view(logits, r, k);
        Tensor t = target.reshape(r);
        boolean rg = g.needsGrad(logits);
        Tensor out = g.output(rg, r);
        LossOps ops = g.backend().loss();
        ops.twoHotSoftCeForward(l2, t, bins, out);
        if (rg) {
            g.record("twoHotSoftCe", () -> ops.twoHotSoftCeBackward(l2, t, bins, g.grad(out), g.grad(l2)), out);
        }
        return g.view(out, leading(logits));
    }

    /** out (...) = symexp(Σ_j softmax(logits)_j · center_j) (two_hot_inv); logits (..., V). */
    public static Tensor twoHotExpectation(Graph g, Tensor logits, Bins bins) {
        int r = rows("twoHotExpectation", logits);
        Tensor l2 = g.view(logits, r, logits.dim(-1));
        boolean rg = g.needsGrad(logits);
        Tensor out = g.output(rg, r);
        LossOps ops = g.backend().loss();
        ops.twoHotExpectationForward(l2, bins, out);
        if (rg) {
            g.record("twoHotExpectation", () -> ops.twoHotExpectationBackward(l2, bins, g.grad(out), g.grad(l2)), out);
        }
        return g.view(out, leading(logits));
    }

    /** Rows of x (..., F): numel / F; x must have rank >= 1. */
    static int rows(String op, Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException(op + ": input must have rank >= 1, got shape " + Shapes.str(x.shape()));
        }
        int c = x.dim(-1);
        return c == 0 ? 0 : Math.toIntExact(x.numel() / c);
    }

    /** x's shape without its last dim. */
    static int[] leading(Tensor x) {
        return Arrays.copyOf(x.shape(), x.rank() - 1);
    }
}
