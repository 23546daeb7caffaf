package org.mbrl4j.backend;

import java.util.Arrays;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/** The argument rules of {@link SelectOps}, written once for every backend. Methods return M. */
public final class SelectContract {
    private SelectContract() {}

    public static int topk(Tensor x, int k, Tensor values, Tensor indices) {
        String op = "topk";
        OpArgs.f32(op, "x", x);
        int rows = OpArgs.rows(op, "x", x);
        int c = x.dim(-1);
        if (k < 1 || k > c) {
            throw new IllegalArgumentException(op + ": k=" + k + " must be in [1, F] with F=" + c + " (x "
                    + Shapes.str(x.shape()) + ")");
        }
        int[] outShape = Shapes.with(x.shape(), x.rank() - 1, k);
        OpArgs.f32(op, "values", values, outShape);
        OpArgs.i32(op, "indices", indices);
        Shapes.requireShape(op, "indices", indices, outShape);
        return rows;
    }

    /** Nothing to accumulate when dx is null (returns 0); otherwise returns dx's rows. */
    public static int topkBackward(Tensor indices, Tensor dvalues, Tensor dx) {
        String op = "topkBackward";
        OpArgs.i32(op, "indices", indices);
        OpArgs.like(op, "dvalues", dvalues, "indices", indices);
        if (dx == null) {
            return 0;
        }
        OpArgs.f32(op, "dx", dx);
        int rows = OpArgs.rows(op, "dx", dx);
        if (indices.rank() != dx.rank() || !Arrays.equals(OpArgs.leading(dx), OpArgs.leading(indices))
                || indices.dim(-1) > dx.dim(-1)) {
            throw new IllegalArgumentException(op + ": dx " + Shapes.str(dx.shape()) + " and indices "
                    + Shapes.str(indices.shape()) + " must share leading dims, with k <= C");
        }
        return rows;
    }
}
