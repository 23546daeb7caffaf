package org.mbrl4j.backend;

import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/** The argument rules of {@link PixelOps}, written once for every backend. */
public final class PixelContract {
    private PixelContract() {}

    /** Bit depths {@link PixelOps#planetPreprocess} accepts: 1..8 bits of a byte. */
    public static final int MIN_BITS = 1;
    public static final int MAX_BITS = 8;

    /** x (M, Ci, Hi, Wi) F32, shifts (M, 2) I32, y like x and disjoint from both. */
    public static void randomShift(Tensor x, Tensor shifts, Tensor y) {
        String op = "randomShift";
        OpArgs.f32(op, "x", x);
        Shapes.requireRank(op, "x", x, 4);
        OpArgs.i32(op, "shifts", shifts);
        if (shifts.rank() != 2 || shifts.dim(0) != x.dim(0) || shifts.dim(1) != 2) {
            throw new IllegalArgumentException(op + ": shifts " + Shapes.str(shifts.shape()) + " must be (M, 2) = ("
                    + x.dim(0) + ", 2) for x " + Shapes.str(x.shape()) + ": one (dy, dx) per image");
        }
        OpArgs.f32(op, "y", y, x.shape());
        OpArgs.disjoint(op, "y", y, "x", x);
        OpArgs.disjoint(op, "y", y, "shifts", shifts);
    }

    /** x F32, y like x and disjoint from it, bits in [1, 8], a key. */
    public static void planetPreprocess(Tensor x, int bits, PhiloxKey key, Tensor y) {
        String op = "planetPreprocess";
        OpArgs.nonNull(op, "key", key);
        OpArgs.f32(op, "x", x);
        OpArgs.like(op, "y", y, "x", x);
        OpArgs.disjoint(op, "y", y, "x", x);
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException(op + ": bits=" + bits + " must be in [" + MIN_BITS + ", " + MAX_BITS
                    + "] (bits kept of each 8-bit channel)");
        }
    }
}
