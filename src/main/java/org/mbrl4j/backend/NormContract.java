package org.mbrl4j.backend;

import java.util.Arrays;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link NormOps}, written once for every backend. Each method returns the rows
 * the op normalises (for SimNorm: groups of {@code groupSize}). A backward reads the whole row of its
 * inputs for every element of dx, so dx never overlaps them; a forward may write y over x.
 */
public final class NormContract {
    private NormContract() {}

    public static RowDims layerNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean,
            Tensor rstd) {
        String op = "layerNormForward";
        RowDims r = lastDimRows(op, "x", x);
        OpArgs.eps(op, eps);
        OpArgs.f32(op, "gamma", gamma, r.cols());
        OpArgs.f32(op, "beta", beta, r.cols());
        OpArgs.f32(op, "y", y, x.shape());
        rowStats(op, "mean", mean, x, r.rows());
        rowStats(op, "rstd", rstd, x, r.rows());
        return r;
    }

    public static RowDims layerNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor dy, Tensor dx,
            Tensor dgamma, Tensor dbeta) {
        String op = "layerNormBackward";
        RowDims r = lastDimRows(op, "x", x);
        OpArgs.f32(op, "gamma", gamma, r.cols());
        rowStats(op, "mean", mean, x, r.rows());
        rowStats(op, "rstd", rstd, x, r.rows());
        OpArgs.f32(op, "dy", dy, x.shape());
        OpArgs.optionalF32(op, "dx", dx, x.shape());
        OpArgs.optionalF32(op, "dgamma", dgamma, r.cols());
        OpArgs.optionalF32(op, "dbeta", dbeta, r.cols());
        OpArgs.disjoint(op, "dx", dx, "dy", dy);
        return r;
    }

    /** Rows are the groups: (numel / groupSize, groupSize). */
    public static RowDims simNormForward(Tensor x, int groupSize, Tensor y) {
        String op = "simNormForward";
        RowDims groups = groups(op, "x", x, groupSize);
        OpArgs.f32(op, "y", y, x.shape());
        return groups;
    }

    public static RowDims simNormBackward(Tensor y, int groupSize, Tensor dy, Tensor dx) {
        String op = "simNormBackward";
        RowDims groups = groups(op, "y", y, groupSize);
        rowBackward(op, y, dy, dx);
        return groups;
    }

    public static RowDims softmaxForward(Tensor x, Tensor y) {
        return rowForward("softmaxForward", x, y);
    }

    public static RowDims softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        RowDims r = lastDimRows("softmaxBackward", "y", y);
        rowBackward("softmaxBackward", y, dy, dx);
        return r;
    }

    public static RowDims logSoftmaxForward(Tensor x, Tensor y) {
        return rowForward("logSoftmaxForward", x, y);
    }

    public static RowDims logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        RowDims r = lastDimRows("logSoftmaxBackward", "y", y);
        rowBackward("logSoftmaxBackward", y, dy, dx);
        return r;
    }

    // ---- shared rules ----

    private static RowDims rowForward(String op, Tensor x, Tensor y) {
        RowDims r = lastDimRows(op, "x", x);
        OpArgs.f32(op, "y", y, x.shape());
        return r;
    }

    /** dy and dx like y; dx disjoint from dy and y. */
    private static void rowBackward(String op, Tensor y, Tensor dy, Tensor dx) {
        OpArgs.f32(op, "dy", dy, y.shape());
        OpArgs.f32(op, "dx", dx, y.shape());
        OpArgs.disjoint(op, "dx", dx, "dy", dy);
        OpArgs.disjoint(op, "dx", dx, "y", y);
    }

    /** An F32 tensor of rank >= 1 with a last dim F >= 1, as M rows of F. */
    private static RowDims lastDimRows(String op, String arg, Tensor x) {
        OpArgs.f32(op, arg, x);
        if (x.rank() < 1 || x.dim(-1) < 1) {
            throw new IllegalArgumentException(op + ": " + arg + " " + Shapes.str(x.shape())
                    + " needs rank >= 1 and a last dim >= 1 to normalize over");
        }
        return new RowDims(Math.toIntExact(x.numel() / x.dim(-1)), x.dim(-1));
    }

    private static RowDims groups(String op, String arg, Tensor x, int groupSize) {
        int c = lastDimRows(op, arg, x).cols();
        if (groupSize < 1 || c % groupSize != 0) {
            throw new IllegalArgumentException(op + ": last dim C = " + c + " of " + arg + " " + Shapes.str(x.shape())
                    + " is not divisible by groupSize = " + groupSize + " (SimNorm needs groupSize >= 1 and"
                    + " C % groupSize == 0)");
        }
        return new RowDims(Math.toIntExact(x.numel() / groupSize), groupSize);
    }

    /** Per-row statistics: shape (M), or x's shape without the last dim (as the fused layer saves them). */
    private static void rowStats(String op, String arg, Tensor t, Tensor x, int rows) {
        OpArgs.f32(op, arg, t);
        int[] leading = OpArgs.leading(x);
        if (!Arrays.equals(t.shape(), new int[] {rows}) && !Arrays.equals(t.shape(), leading)) {
            throw new IllegalArgumentException(op + ": " + arg + " has shape " + Shapes.str(t.shape()) + ", expected ("
                    + rows + ") or " + Shapes.str(leading) + " (one value per row of x " + Shapes.str(x.shape())
                    + ")");
        }
    }
}
