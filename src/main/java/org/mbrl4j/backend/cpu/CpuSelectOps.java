package org.mbrl4j.backend.cpu;

import java.util.Arrays;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link SelectOps}: validates shapes and k, then runs {@link SelectTopK}. */
final class CpuSelectOps implements SelectOps {

    @Override
    public void topk(Tensor x, int k, Tensor values, Tensor indices) {
        String op = "topk";
        LossShapes.requireF32(op, "x", x);
        int rows = LossShapes.rows(op, "x", x);
        int c = x.dim(-1);
        if (k < 1 || k > c) {
            throw new IllegalArgumentException(op + ": k=" + k + " must be in [1, C] with C=" + c + " (x "
                    + Shapes.str(x.shape()) + ")");
        }
        int[] outShape = Shapes.with(x.shape(), x.rank() - 1, k);
        LossShapes.requireF32(op, "values", values);
        Shapes.requireShape(op, "values", values, outShape);
        LossShapes.requireNonNull(op, "indices", indices);
        Shapes.requireDType(op, "indices", indices, DType.I32);
        Shapes.requireShape(op, "indices", indices, outShape);
        SelectTopK.forward(x, k, values, indices, rows);
    }

    @Override
    public void topkBackward(Tensor indices, Tensor dvalues, Tensor dx) {
        String op = "topkBackward";
        LossShapes.requireNonNull(op, "indices", indices);
        Shapes.requireDType(op, "indices", indices, DType.I32);
        LossShapes.requireLike(op, "dvalues", dvalues, "indices", indices);
        if (dx == null) {
            return;
        }
        LossShapes.requireF32(op, "dx", dx);
        int rows = LossShapes.rows(op, "dx", dx);
        if (!Arrays.equals(LossShapes.leading(dx), LossShapes.leading(indices)) || indices.dim(-1) > dx.dim(-1)) {
            throw new IllegalArgumentException(op + ": dx " + Shapes.str(dx.shape()) + " and indices "
                    + Shapes.str(indices.shape()) + " must share leading dims, with k <= C");
        }
        SelectTopK.backward(indices, dvalues, dx, rows);
    }
}
