package org.mbrl4j.backend;

import java.util.stream.IntStream;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link ReduceOps}, written once for every backend. Each method returns the
 * mask of reduced axes. Every output element sums many inputs, so the output never overlaps the input.
 */
public final class ReduceContract {
    private ReduceContract() {}

    public static boolean[] reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        String name = "reduce " + op;
        OpArgs.nonNull(name, "op", op);
        OpArgs.f32(name, "x", x);
        OpArgs.f32(name, "out", out);
        boolean[] reduced = Shapes.axisMask(name, x.shape(), axes);
        Shapes.requireShape(name, "out", out, outShape(x.shape(), reduced));
        OpArgs.disjoint(name, "out", out, "x", x);
        return reduced;
    }

    public static boolean[] reduceBackward(ReduceOp op, int[] axes, Tensor dout, Tensor dx) {
        String name = "reduceBackward " + op;
        OpArgs.nonNull(name, "op", op);
        OpArgs.f32(name, "dout", dout);
        OpArgs.f32(name, "dx", dx);
        boolean[] reduced = Shapes.axisMask(name, dx.shape(), axes);
        Shapes.requireShape(name, "dout", dout, outShape(dx.shape(), reduced));
        OpArgs.disjoint(name, "dx", dx, "dout", dout);
        return reduced;
    }

    /** Shape of the result: the shape without the reduced axes (no keepdim). */
    public static int[] outShape(int[] shape, boolean[] reduced) {
        return IntStream.range(0, shape.length).filter(i -> !reduced[i]).map(i -> shape[i]).toArray();
    }

    public static void runningScale(Tensor x, Tensor scale, float tau, Tensor out) {
        String op = "runningScale";
        OpArgs.f32(op, "x", x);
        OpArgs.f32(op, "scale", scale);
        OpArgs.f32(op, "out", out);
        if (x.numel() < 1) {
            throw new IllegalArgumentException(op + ": x " + Shapes.str(x.shape()) + " must have at least one element");
        }
        if (scale.numel() != 1 || out.numel() != 1) {
            throw new IllegalArgumentException(op + ": scale " + Shapes.str(scale.shape()) + " and out "
                    + Shapes.str(out.shape()) + " must hold one element each");
        }
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException(op + ": tau=" + tau + " must be in (0, 1]");
        }
        OpArgs.disjoint(op, "out", out, "x", x);
    }
}
