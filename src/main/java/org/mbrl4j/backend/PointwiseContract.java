package org.mbrl4j.backend;

import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link PointwiseOps}, written once for every backend. Elementwise outputs may
 * be written in place over an input read at the same position ({@code out} over {@code a} or {@code x});
 * a broadcast {@code b} is read at many positions, so {@code out} never overlaps it.
 */
public final class PointwiseContract {
    private PointwiseContract() {}

    /** Returns nb, the number of elements of b per repetition over a. */
    public static long binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = "binary " + op;
        OpArgs.nonNull(name, "op", op);
        OpArgs.f32(name, "a", a);
        OpArgs.f32(name, "b", b);
        OpArgs.like(name, "out", out, "a", a);
        long nb = broadcastLength(name, a, b);
        OpArgs.disjoint(name, "out", out, "b", b);
        return nb;
    }

    /** Returns nb as {@link #binary} does. */
    public static long binaryBackward(BinaryOp op, Tensor a, Tensor b, Tensor dout, Tensor da, Tensor db) {
        String name = "binaryBackward " + op;
        OpArgs.nonNull(name, "op", op);
        OpArgs.f32(name, "a", a);
        OpArgs.f32(name, "b", b);
        long nb = broadcastLength(name, a, b);
        OpArgs.like(name, "dout", dout, "a", a);
        OpArgs.optionalLike(name, "da", da, "a", a);
        OpArgs.optionalLike(name, "db", db, "b", b);
        return nb;
    }

    public static void scale(Tensor x, Tensor out) {
        OpArgs.f32("scale", "x", x);
        OpArgs.like("scale", "out", out, "x", x);
    }

    public static void scaleBackward(Tensor dout, Tensor dx) {
        OpArgs.f32("scaleBackward", "dout", dout);
        OpArgs.like("scaleBackward", "dx", dx, "dout", dout);
    }

    public static void clamp(Tensor x, float lo, float hi, Tensor out) {
        OpArgs.bounds("clamp", lo, hi);
        OpArgs.f32("clamp", "x", x);
        OpArgs.like("clamp", "out", out, "x", x);
    }

    public static void clampBackward(Tensor x, float lo, float hi, Tensor dout, Tensor dx) {
        OpArgs.bounds("clampBackward", lo, hi);
        OpArgs.f32("clampBackward", "x", x);
        OpArgs.like("clampBackward", "dout", dout, "x", x);
        OpArgs.like("clampBackward", "dx", dx, "x", x);
    }

    public static void unary(UnaryOp op, Tensor x, Tensor out) {
        String name = "unary " + op;
        OpArgs.nonNull(name, "op", op);
        OpArgs.f32(name, "x", x);
        OpArgs.like(name, "out", out, "x", x);
    }

    /** Returns whether the derivative reads {@code out} (then out must be given, like x). */
    public static boolean unaryBackward(UnaryOp op, Tensor x, Tensor out, Tensor dout, Tensor dx) {
        String name = "unaryBackward " + op;
        OpArgs.nonNull(name, "op", op);
        OpArgs.f32(name, "x", x);
        OpArgs.like(name, "dout", dout, "x", x);
        OpArgs.like(name, "dx", dx, "x", x);
        if (!op.readsOutput()) {
            return false;
        }
        if (out == null) {
            throw new IllegalArgumentException(name + ": out is null, but the derivative of " + op
                    + " reads the forward output f(x)");
        }
        OpArgs.like(name, "out", out, "x", x);
        return true;
    }

    /**
     * nb: b.numel() when b's shape is a suffix of a's shape, 1 when b has one element; anything else is
     * rejected.
     */
    private static long broadcastLength(String op, Tensor a, Tensor b) {
        if (b.numel() == 1) {
            return 1;
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        boolean suffix = bs.length <= as.length;
        for (int k = 1; suffix && k <= bs.length; k++) {
            suffix = as[as.length - k] == bs[bs.length - k];
        }
        if (!suffix) {
            throw new IllegalArgumentException(op + ": b " + Shapes.str(bs) + " cannot broadcast over a "
                    + Shapes.str(as) + " (b's shape must be a suffix of a's shape, or b must have one element)");
        }
        return b.numel();
    }
}
