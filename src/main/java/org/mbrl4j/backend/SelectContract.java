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

    /**
     * The elite refit's rules: scores (E, C), actions (E, C, D), 1 <= K <= C, temperature finite and
     * > 0, std_min <= std_max; elite indices (I32, E, K), elite scores and weights (E, K), mean and std
     * (E, D). Returns E.
     */
    public static int eliteRefit(Tensor scores, Tensor actions, int k, float temperature, float stdMin, float stdMax,
            Tensor eliteIndices, Tensor eliteScores, Tensor weights, Tensor mean, Tensor std) {
        String op = "eliteRefit";
        OpArgs.f32(op, "scores", scores);
        OpArgs.f32(op, "actions", actions);
        if (scores.rank() != 2 || actions.rank() != 3 || actions.dim(0) != scores.dim(0)
                || actions.dim(1) != scores.dim(1)) {
            throw new IllegalArgumentException(op + ": scores " + Shapes.str(scores.shape()) + " must be (E, C) and actions "
                    + Shapes.str(actions.shape()) + " (E, C, D) with the same E and C");
        }
        int e = scores.dim(0);
        int c = scores.dim(1);
        int d = actions.dim(2);
        if (k < 1 || k > c) {
            throw new IllegalArgumentException(op + ": k=" + k + " must be in [1, C] with C=" + c + " candidates (scores "
                    + Shapes.str(scores.shape()) + ")");
        }
        if (!(temperature > 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException(op + ": temperature=" + temperature + " must be finite and > 0");
        }
        if (!(stdMin <= stdMax)) {
            throw new IllegalArgumentException(op + ": std_min=" + stdMin + " must be <= std_max=" + stdMax);
        }
        OpArgs.i32(op, "eliteIndices", eliteIndices);
        Shapes.requireShape(op, "eliteIndices", eliteIndices, e, k);
        OpArgs.f32(op, "eliteScores", eliteScores, e, k);
        OpArgs.f32(op, "weights", weights, e, k);
        OpArgs.f32(op, "mean", mean, e, d);
        OpArgs.f32(op, "std", std, e, d);
        return e;
    }
}
