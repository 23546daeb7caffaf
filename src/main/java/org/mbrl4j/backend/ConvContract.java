package org.mbrl4j.backend;

import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link ConvOps}, written once for every backend. Each method checks one op's
 * arguments and returns the {@link ConvDims} the backend computes with; a transposed convolution's dims
 * are those of the convolution it transposes. Outputs and gradients never overlap the inputs: every
 * output element reads a whole patch.
 */
public final class ConvContract {
    private ConvContract() {}

    public static ConvDims conv2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y) {
        String op = "conv2dForward";
        ConvDims d = convDims(op, x, w, stride);
        OpArgs.optionalF32(op, "b", b, d.outChannels());
        OpArgs.f32(op, "y", y, featureShape(d));
        outputDisjoint(op, y, x, w, b);
        return d;
    }

    public static ConvDims conv2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw,
            Tensor db) {
        String op = "conv2dBackward";
        ConvDims d = convDims(op, x, w, stride);
        OpArgs.f32(op, "dy", dy, featureShape(d));
        gradients(op, x, w, dy, dx, dw, db, d.outChannels());
        return d;
    }

    public static ConvDims convTranspose2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y) {
        String op = "convTranspose2dForward";
        ConvDims d = transposedDims(op, x, w, stride);
        OpArgs.optionalF32(op, "b", b, d.inChannels());
        OpArgs.f32(op, "y", y, imageShape(d));
        outputDisjoint(op, y, x, w, b);
        return d;
    }

    public static ConvDims convTranspose2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw,
            Tensor db) {
        String op = "convTranspose2dBackward";
        ConvDims d = transposedDims(op, x, w, stride);
        OpArgs.f32(op, "dy", dy, imageShape(d));
        gradients(op, x, w, dy, dx, dw, db, d.inChannels());
        return d;
    }

    /** Checks x, w and stride as {@link #conv2dForward} does and returns y's shape (M, Co, Ho, Wo). */
    public static int[] conv2dOutputShape(Tensor x, Tensor w, int stride) {
        return featureShape(convDims("conv2dForward", x, w, stride));
    }

    /** Checks x, w and stride as {@link #convTranspose2dForward} does and returns y's shape (M, Co, Ho, Wo). */
    public static int[] convTranspose2dOutputShape(Tensor x, Tensor w, int stride) {
        return imageShape(transposedDims("convTranspose2dForward", x, w, stride));
    }

    // ---- shared rules ----

    /** x (M, Ci, Hi, Wi) and w (Co, Ci, Kh, Kw) with Kh <= Hi, Kw <= Wi. */
    private static ConvDims convDims(String op, Tensor x, Tensor w, int stride) {
        operands(op, x, w, stride);
        if (x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException(op + ": x " + Shapes.str(x.shape()) + " has Ci=" + x.dim(1)
                    + " channels but w " + Shapes.str(w.shape()) + " expects Ci=" + w.dim(1) + " (w (Co, Ci, Kh, Kw))");
        }
        int hi = x.dim(2), wi = x.dim(3), kh = w.dim(2), kw = w.dim(3);
        if (kh > hi || kw > wi) {
            throw new IllegalArgumentException(op + ": kernel Kh×Kw=" + kh + "×" + kw + " of w "
                    + Shapes.str(w.shape()) + " exceeds x's Hi×Wi=" + hi + "×" + wi + "; valid padding needs Kh <= Hi and Kw <= Wi");
        }
        return new ConvDims(x.dim(0), x.dim(1), hi, wi, w.dim(0), ConvDims.validOut(hi, kh, stride),
                ConvDims.validOut(wi, kw, stride), kh, kw, stride);
    }

    /** x (M, Ci, Hi, Wi) and w (Ci, Co, Kh, Kw): the convolution it transposes maps (M, Co, Ho, Wo) to x. */
    private static ConvDims transposedDims(String op, Tensor x, Tensor w, int stride) {
        operands(op, x, w, stride);
        if (x.dim(1) != w.dim(0)) {
            throw new IllegalArgumentException(op + ": x " + Shapes.str(x.shape()) + " has Ci=" + x.dim(1)
                    + " channels but w " + Shapes.str(w.shape()) + " expects Ci=" + w.dim(0) + " (w (Ci, Co, Kh, Kw))");
        }
        int kh = w.dim(2), kw = w.dim(3);
        int ho = transposedOut(op, "Ho", x.dim(2), kh, stride);
        int wo = transposedOut(op, "Wo", x.dim(3), kw, stride);
        return new ConvDims(x.dim(0), w.dim(1), ho, wo, x.dim(1), x.dim(2), x.dim(3), kh, kw, stride);
    }

    /** F32 rank-4 x and w, stride >= 1, every dim but M at least 1. */
    private static void operands(String op, Tensor x, Tensor w, int stride) {
        OpArgs.f32(op, "x", x);
        OpArgs.f32(op, "w", w);
        Shapes.requireRank(op, "x", x, 4);
        Shapes.requireRank(op, "w", w, 4);
        if (stride < 1) {
            throw new IllegalArgumentException(op + ": stride=" + stride + " must be >= 1");
        }
        for (int i = 1; i < 4; i++) {
            if (x.dim(i) < 1) {
                throw new IllegalArgumentException(op + ": x " + Shapes.str(x.shape())
                        + " must have channels, height and width >= 1");
            }
        }
        for (int i = 0; i < 4; i++) {
            if (w.dim(i) < 1) {
                throw new IllegalArgumentException(op + ": w " + Shapes.str(w.shape()) + " must have every dim >= 1");
            }
        }
    }

    private static int transposedOut(String op, String name, int in, int k, int stride) {
        long out = (long) (in - 1) * stride + k;
        if (out > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + name + " = (" + in + " − 1)·" + stride + " + " + k + " = "
                    + out + " exceeds 2^31 − 1");
        }
        return (int) out;
    }

    /** (M, Co, Ho, Wo) of the convolution. */
    private static int[] featureShape(ConvDims d) {
        return new int[] {d.images(), d.outChannels(), d.outH(), d.outW()};
    }

    /** (M, Ci, Hi, Wi) of the convolution. */
    private static int[] imageShape(ConvDims d) {
        return new int[] {d.images(), d.inChannels(), d.inH(), d.inW()};
    }

    private static void outputDisjoint(String op, Tensor y, Tensor x, Tensor w, Tensor b) {
        OpArgs.disjoint(op, "y", y, "x", x);
        OpArgs.disjoint(op, "y", y, "w", w);
        OpArgs.disjoint(op, "y", y, "b", b);
    }

    /** dx like x, dw like w, db (C) (each optional), none overlapping dy, x, w or another gradient. */
    private static void gradients(String op, Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
            int biasChannels) {
        OpArgs.optionalF32(op, "dx", dx, x.shape());
        OpArgs.optionalF32(op, "dw", dw, w.shape());
        OpArgs.optionalF32(op, "db", db, biasChannels);
        Tensor[] grads = {dx, dw, db};
        String[] names = {"dx", "dw", "db"};
        for (int g = 0; g < grads.length; g++) {
            OpArgs.disjoint(op, names[g], grads[g], "dy", dy);
            OpArgs.disjoint(op, names[g], grads[g], "x", x);
            OpArgs.disjoint(op, names[g], grads[g], "w", w);
            for (int h = g + 1; h < grads.length; h++) {
                OpArgs.disjoint(op, names[g], grads[g], names[h], grads[h]);
            }
        }
    }
}
