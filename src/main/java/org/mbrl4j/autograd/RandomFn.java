package org.mbrl4j.autograd;

import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Philox draws into arena tensors, and differentiable dropout. Every value is a pure function of the
 * key and the element's flat index ({@link PhiloxKey}); a draw of numel values uses ceil(numel/4) blocks, so
 * callers take keys from {@code Rng.reserve(numel)}.
 */
public final class RandomFn {
    private RandomFn() {}

    /** out = x · keep / (1 - p); the mask is regenerated from spec's key in backward. A null spec is identity. */
    public static Tensor dropout(Graph g, Tensor x, DenseOps.DropoutSpec spec) {
        if (spec == null) {
            return x;
        }
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, x.shape());
        RandomOps ops = g.backend().random();
        ops.dropoutForward(x, spec, out);
        if (rg) {
            g.record("dropout", () -> ops.dropoutBackward(spec, g.grad(out), g.grad(x)), out);
        }
        return out;
    }

    /** Uniform in [lo, hi) (see RandomOps#uniform for the float rounding at hi). */
    public static Tensor uniform(Graph g, PhiloxKey key, float lo, float hi, int... shape) {
        Tensor out = g.temp(shape);
        g.backend().random().uniform(key, lo, hi, out);
        return out;
    }

    /** mean + std · N(0, 1) by Box-Muller. */
    public static Tensor normal(Graph g, PhiloxKey key, float mean, float std, int... shape) {
        Tensor out = g.temp(shape);
        g.backend().random().normal(key, mean, std, out);
        return out;
    }

    /** I32 integers in [lo, hi). */
    public static Tensor randint(Graph g, PhiloxKey key, int lo, int hi, int... shape) {
        Tensor out = g.tempInt(shape);
        g.backend().random().randint(key, lo, hi, out);
        return out;
    }

    /** I32 (...): one index per row of probs (..., F), drawn with probability proportional to the row. */
    public static Tensor categorical(Graph g, PhiloxKey key, Tensor probs) {
        int r = LossFn.rows("categorical", probs);
        Tensor out = g.tempInt(r);
        g.backend().random().categorical(key, probs.reshape(r, probs.dim(-1)), out);
        return out.reshape(LossFn.leading(probs));
    }
}
