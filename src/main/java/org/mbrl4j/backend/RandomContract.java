package org.mbrl4j.backend;

import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/** The argument rules of {@link RandomOps}, written once for every backend. */
public final class RandomContract {
    private RandomContract() {}

    public static void uniform(PhiloxKey key, float lo, float hi, Tensor out) {
        String op = "uniform";
        OpArgs.nonNull(op, "key", key);
        OpArgs.f32(op, "out", out);
        if (!(hi > lo) || !Float.isFinite(hi - lo)) {
            throw new IllegalArgumentException(op + ": range [lo=" + lo + ", hi=" + hi
                    + ") must have hi > lo and a finite width");
        }
    }

    public static void normal(PhiloxKey key, float mean, float std, Tensor out) {
        String op = "normal";
        OpArgs.nonNull(op, "key", key);
        OpArgs.f32(op, "out", out);
        if (!(std >= 0f) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException(op + ": mean=" + mean + ", std=" + std
                    + " must be finite with std >= 0");
        }
    }

    public static void randint(PhiloxKey key, int lo, int hi, Tensor out) {
        String op = "randint";
        OpArgs.nonNull(op, "key", key);
        OpArgs.i32(op, "out", out);
        if (hi <= lo) {
            throw new IllegalArgumentException(op + ": range [lo=" + lo + ", hi=" + hi + ") must have hi > lo");
        }
    }

    /** Largest n of {@link RandomOps#permutationPrefix} (the kernel keeps the permutation in shared memory). */
    public static final int MAX_PERMUTATION = 1024;

    public static void permutationPrefix(PhiloxKey key, int n, Tensor out) {
        String op = "permutationPrefix";
        OpArgs.nonNull(op, "key", key);
        OpArgs.i32(op, "out", out);
        if (n < 1 || n > MAX_PERMUTATION) {
            throw new IllegalArgumentException(op + ": n=" + n + " must be in [1, " + MAX_PERMUTATION + "]");
        }
        if (out.rank() != 1 || out.dim(0) > n) {
            throw new IllegalArgumentException(op + ": out " + Shapes.str(out.shape()) + " must be (K) with K <= n="
                    + n);
        }
    }

    /** Returns M, the rows of probs (..., F). */
    public static int categorical(PhiloxKey key, Tensor probs, Tensor out) {
        String op = "categorical";
        OpArgs.nonNull(op, "key", key);
        OpArgs.f32(op, "probs", probs);
        int rows = OpArgs.rows(op, "probs", probs);
        if (probs.dim(-1) < 1) {
            throw new IllegalArgumentException(op + ": probs " + Shapes.str(probs.shape())
                    + " must have at least one category in its last dim");
        }
        OpArgs.i32(op, "out", out);
        OpArgs.perRowShape(op, "out", out, "probs", probs);
        return rows;
    }

    public static void dropoutForward(Tensor x, DenseOps.DropoutSpec spec, Tensor out) {
        String op = "dropoutForward";
        dropoutSpec(op, spec);
        OpArgs.f32(op, "x", x);
        OpArgs.like(op, "out", out, "x", x);
    }

    public static void dropoutBackward(DenseOps.DropoutSpec spec, Tensor dout, Tensor dx) {
        String op = "dropoutBackward";
        dropoutSpec(op, spec);
        OpArgs.f32(op, "dout", dout);
        OpArgs.optionalLike(op, "dx", dx, "dout", dout);
    }

    private static void dropoutSpec(String op, DenseOps.DropoutSpec spec) {
        OpArgs.nonNull(op, "spec", spec);
        OpArgs.nonNull(op, "spec.key", spec.key());
    }
}
