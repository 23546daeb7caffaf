package org.mbrl4j.autograd;

import java.util.Arrays;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable sums and means over a set of axes (negative axes count from the end). The result
 * drops the reduced axes (no keepdim); reducing every axis gives shape ().
 */
public final class ReduceFn {
    private ReduceFn() {}

    public static Tensor sum(Graph g, Tensor x, int... axes) {
        return reduce(g, ReduceOp.SUM, x, axes);
    }

    public static Tensor mean(Graph g, Tensor x, int... axes) {
        return reduce(g, ReduceOp.MEAN, x, axes);
    }

    /** Σ of every element, shape (). */
    public static Tensor sumAll(Graph g, Tensor x) {
        return reduce(g, ReduceOp.SUM, x, allAxes(x));
    }

    /** Mean of every element, shape (). */
    public static Tensor meanAll(Graph g, Tensor x) {
        return reduce(g, ReduceOp.MEAN, x, allAxes(x));
    }

    public static Tensor reduce(Graph g, ReduceOp op, Tensor x, int... axes) {
        int[] ax = axes.clone();
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, reducedShape(op, x.shape(), ax));
        ReduceOps ops = g.backend().reduce();
        ops.reduce(op, x, ax, out);
        if (rg) {
            g.record(op == ReduceOp.SUM ? "sum" : "mean", () -> ops.reduceBackward(op, ax, g.grad(out), g.grad(x)),
                    out);
        }
        return out;
    }

    private static int[] allAxes(Tensor x) {
        int[] axes = new int[x.rank()];
        Arrays.setAll(axes, i -> i);
        return axes;
    }

    private static int[] reducedShape(ReduceOp op, int[] shape, int[] axes) {
        String name = "reduce " + op;
        boolean[] reduced = new boolean[shape.length];
        for (int axis : axes) {
            int a = Shapes.axis(name, axis, shape.length);
            if (reduced[a]) {
                throw new IllegalArgumentException(name + ": axis " + axis + " appears more than once in axes "
                        + Arrays.toString(axes) + " for shape " + Shapes.str(shape));
            }
            reduced[a] = true;
        }
        int[] out = new int[shape.length - axes.length];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!reduced[i]) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
