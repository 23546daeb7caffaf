package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link RandomOps}: validates arguments, then runs {@link RandomDraws},
 * {@link RandomCategorical} and {@link RandomDropout}. Every value is a pure function of
 * (key, element index), independent of the thread split.
 */
final class CpuRandomOps implements RandomOps {

    @Override
    public void uniform(PhiloxKey key, float lo, float hi, Tensor out) {
        String op = "uniform";
        LossShapes.requireNonNull(op, "key", key);
        LossShapes.requireF32(op, "out", out);
        if (!(hi > lo) || !Float.isFinite(hi - lo)) {
            throw new IllegalArgumentException(op + ": range [lo=" + lo + ", hi=" + hi
                    + ") must have hi > lo and a finite width");
        }
        RandomDraws.uniform(key, lo, hi, out);
    }

    @Override
    public void normal(PhiloxKey key, float mean, float std, Tensor out) {
        String op = "normal";
        LossShapes.requireNonNull(op, "key", key);
        LossShapes.requireF32(op, "out", out);
        if (!(std >= 0f) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException(op + ": mean=" + mean + ", std=" + std
                    + " must be finite with std >= 0");
        }
        RandomDraws.normal(key, mean, std, out);
    }

    @Override
    public void randint(PhiloxKey key, int lo, int hi, Tensor out) {
        String op = "randint";
        LossShapes.requireNonNull(op, "key", key);
        LossShapes.requireNonNull(op, "out", out);
        Shapes.requireDType(op, "out", out, DType.I32);
        if (hi <= lo) {
            throw new IllegalArgumentException(op + ": range [lo=" + lo + ", hi=" + hi + ") must have hi > lo");
        }
        RandomDraws.randint(key, lo, hi, out);
    }

    @Override
    public void categorical(PhiloxKey key, Tensor probs, Tensor out) {
        String op = "categorical";
        LossShapes.requireNonNull(op, "key", key);
        LossShapes.requireF32(op, "probs", probs);
        int rows = LossShapes.rows(op, "probs", probs);
        if (probs.dim(-1) < 1) {
            throw new IllegalArgumentException(op + ": probs " + Shapes.str(probs.shape())
                    + " must have at least one category in its last dim");
        }
        LossShapes.requireNonNull(op, "out", out);
        Shapes.requireDType(op, "out", out, DType.I32);
        LossShapes.requirePerRow(op, "out", out, "probs", probs);
        RandomCategorical.draw(key, probs, out, rows);
    }

    @Override
    public void dropoutForward(Tensor x, DenseOps.DropoutSpec spec, Tensor out) {
        String op = "dropoutForward";
        LossShapes.requireNonNull(op, "spec", spec);
        LossShapes.requireNonNull(op, "spec.key", spec.key());
        LossShapes.requireF32(op, "x", x);
        LossShapes.requireLike(op, "out", out, "x", x);
        RandomDropout.forward(x, spec, out);
    }

    @Override
    public void dropoutBackward(DenseOps.DropoutSpec spec, Tensor dout, Tensor dx) {
        String op = "dropoutBackward";
        LossShapes.requireNonNull(op, "spec", spec);
        LossShapes.requireNonNull(op, "spec.key", spec.key());
        LossShapes.requireF32(op, "dout", dout);
        LossShapes.optionalLike(op, "dx", dx, "dout", dout);
        if (dx != null) {
            RandomDropout.backward(spec, dout, dx);
        }
    }
}
