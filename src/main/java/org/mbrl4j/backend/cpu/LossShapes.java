package org.mbrl4j.backend.cpu;

import java.util.Arrays;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Shape checks for the per-row CPU ops (losses, two-hot, distributions, top-k): an input
 * {@code x (..., C)} is a stack of {@code R = numel / C} rows, and a per-row output has shape
 * {@code (...)}, i.e. x's shape without its last dim.
 */
final class LossShapes {
    private LossShapes() {}

    /** Number of rows of x (..., C); x must have rank >= 1. */
    static int rows(String op, String arg, Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException(op + ": " + arg + " must have rank >= 1 (rows, last dim), got shape "
                    + Shapes.str(x.shape()));
        }
        int c = x.dim(-1);
        return c == 0 ? 0 : Math.toIntExact(x.numel() / c);
    }

    /** x's shape without its last dim. */
    static int[] leading(Tensor x) {
        return Arrays.copyOf(x.shape(), x.rank() - 1);
    }

    /** out must have shape x.shape[:-1]. */
    static void requirePerRow(String op, String outArg, Tensor out, String xArg, Tensor x) {
        if (!Arrays.equals(out.shape(), leading(x))) {
            throw new IllegalArgumentException(op + ": " + outArg + " has shape " + Shapes.str(out.shape())
                    + ", expected " + Shapes.str(leading(x)) + " (" + xArg + " " + Shapes.str(x.shape())
                    + " without its last dim)");
        }
    }

    static void requireNonNull(String op, String arg, Object t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
    }

    /** A non-null float tensor. */
    static void requireF32(String op, String arg, Tensor t) {
        requireNonNull(op, arg, t);
        Shapes.requireDType(op, arg, t, DType.F32);
    }

    /** A non-null float tensor with ref's shape. */
    static void requireLike(String op, String arg, Tensor t, String refArg, Tensor ref) {
        requireF32(op, arg, t);
        Shapes.requireSameShape(op, arg, t, refArg, ref);
    }

    /** Like {@link #requireLike}, but null (an unneeded gradient) is allowed. */
    static void optionalLike(String op, String arg, Tensor t, String refArg, Tensor ref) {
        if (t != null) {
            requireLike(op, arg, t, refArg, ref);
        }
    }

    /** A non-null float tensor of shape x.shape[:-1]. */
    static void requirePerRowF32(String op, String arg, Tensor t, String xArg, Tensor x) {
        requireF32(op, arg, t);
        requirePerRow(op, arg, t, xArg, x);
    }

    /** The last dim of t must equal the number of bins. */
    static void requireBins(String op, String arg, Tensor t, Bins bins) {
        if (t.rank() < 1 || t.dim(-1) != bins.numBins()) {
            throw new IllegalArgumentException(op + ": " + arg + " " + Shapes.str(t.shape())
                    + " must have last dim = num_bins = " + bins.numBins());
        }
    }
}
