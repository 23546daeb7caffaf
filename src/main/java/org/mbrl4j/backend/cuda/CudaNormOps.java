package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.util.Arrays;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link NormOps} on kernels/norm.cu: x (..., C) is R rows of C; row ops run one warp per row.
 * Forwards may write y over x (each lane rereads only its own elements).
 */
final class CudaNormOps implements NormOps {
    /** Columns per block of layernorm_backward_params (NORM_PARAM_COLS). */
    private static final int PARAM_COLS = 32;
    private final ModuleKernels k;

    CudaNormOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "norm");
    }

    @Override
    public void layerNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        String op = "layerNormForward";
        Rows r = rows(op, "x", x);
        if (!(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps = " + eps + " must be finite and >= 0");
        }
        long pg = Checks.f32(op, "gamma", gamma, r.c);
        long pb = Checks.f32(op, "beta", beta, r.c);
        long py = Checks.f32(op, "y", y, x.shape());
        long pm = rowStats(op, "mean", mean, x, r.r);
        long ps = rowStats(op, "rstd", rstd, x, r.r);
        if (r.r > 0) {
            k.launch("layernorm_forward", Grids.warpRows(r.r), Grids.THREADS, r.describe(), ptr(r.address), ptr(pg),
                    ptr(pb), f32(eps), ptr(py), ptr(pm), ptr(ps), i32(r.r), i32(r.c));
        }
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dgamma,
            Tensor dbeta) {
        String op = "layerNormBackward";
        Rows r = rows(op, "x", x);
        long pg = Checks.f32(op, "gamma", gamma, r.c);
        long pm = rowStats(op, "mean", mean, x, r.r);
        long ps = rowStats(op, "rstd", rstd, x, r.r);
        long pdy = Checks.f32(op, "dy", dy, x.shape());
        long pdx = Checks.optionalF32(op, "dx", dx, x.shape());
        long pdg = Checks.optionalF32(op, "dgamma", dgamma, r.c);
        long pdb = Checks.optionalF32(op, "dbeta", dbeta, r.c);
        Checks.disjoint(op, "dx", dx, "dy", dy);
        if (r.r == 0) {
            return;
        }
        if (dx != null) {
            k.launch("layernorm_backward", Grids.warpRows(r.r), Grids.THREADS, r.describe(), ptr(r.address), ptr(pg),
                    ptr(pm), ptr(ps), ptr(pdy), ptr(pdx), i32(r.r), i32(r.c));
        }
        if (dgamma != null || dbeta != null) {
            k.launch("layernorm_backward_params", Dim3.of(Math.ceilDiv(r.c, PARAM_COLS)), Grids.THREADS, r.describe(),
                    ptr(r.address), ptr(pm), ptr(ps), ptr(pdy), ptr(pdg), ptr(pdb), i32(r.r), i32(r.c));
        }
    }

    @Override
    public void simNormForward(Tensor x, int groupSize, Tensor y) {
        String op = "simNormForward";
        long groups = groups(op, "x", x, groupSize);
        long px = Checks.f32(op, "x", x);
        long py = Checks.f32(op, "y", y, x.shape());
        if (groups > 0) {
            k.launch("simnorm_forward", Grids.strided(groups, Grids.THREADS), Grids.THREADS, Shapes.str(x.shape())
                    + " G=" + groupSize, ptr(px), ptr(py), i64(groups), i32(groupSize));
        }
    }

    @Override
    public void simNormBackward(Tensor y, int groupSize, Tensor dy, Tensor dx) {
        String op = "simNormBackward";
        long groups = groups(op, "y", y, groupSize);
        long py = Checks.f32(op, "y", y);
        long pdy = Checks.f32(op, "dy", dy, y.shape());
        long pdx = Checks.f32(op, "dx", dx, y.shape());
        Checks.disjoint(op, "dx", dx, "dy", dy);
        Checks.disjoint(op, "dx", dx, "y", y);
        if (groups > 0) {
            k.launch("simnorm_backward", Grids.strided(groups, Grids.THREADS), Grids.THREADS, Shapes.str(y.shape())
                    + " G=" + groupSize, ptr(py), ptr(pdy), ptr(pdx), i64(groups), i32(groupSize));
        }
    }

    @Override
    public void softmaxForward(Tensor x, Tensor y) {
        rowForward("softmaxForward", "softmax_forward", x, y);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        rowBackward("softmaxBackward", "softmax_backward", y, dy, dx);
    }

    @Override
    public void logSoftmaxForward(Tensor x, Tensor y) {
        rowForward("logSoftmaxForward", "log_softmax_forward", x, y);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        rowBackward("logSoftmaxBackward", "log_softmax_backward", y, dy, dx);
    }

    private void rowForward(String op, String entry, Tensor x, Tensor y) {
        Rows r = rows(op, "x", x);
        long py = Checks.f32(op, "y", y, x.shape());
        if (r.r > 0) {
            k.launch(entry, Grids.warpRows(r.r), Grids.THREADS, r.describe(), ptr(r.address), ptr(py), i32(r.r), i32(r.c));
        }
    }

    private void rowBackward(String op, String entry, Tensor y, Tensor dy, Tensor dx) {
        Rows r = rows(op, "y", y);
        long pdy = Checks.f32(op, "dy", dy, y.shape());
        long pdx = Checks.f32(op, "dx", dx, y.shape());
        Checks.disjoint(op, "dx", dx, "dy", dy);
        Checks.disjoint(op, "dx", dx, "y", y);
        if (r.r > 0) {
            k.launch(entry, Grids.warpRows(r.r), Grids.THREADS, r.describe(), ptr(r.address), ptr(pdy), ptr(pdx), i32(r.r),
                    i32(r.c));
        }
    }

    /** x (..., C) with C >= 1 as R rows; R·C must fit the kernels' int dims. */
    private record Rows(long address, int r, int c, int[] shape) {
        String describe() {
            return Shapes.str(shape) + " R=" + r + " C=" + c;
        }
    }

    private static Rows rows(String op, String arg, Tensor x) {
        long address = Checks.f32(op, arg, x);
        if (x.rank() < 1 || x.dim(-1) < 1) {
            throw new IllegalArgumentException(op + ": " + arg + " " + Shapes.str(x.shape())
                    + " needs rank >= 1 and a last dim >= 1 to normalize over");
        }
        Checks.fitsInt(op, "R·C of " + arg, x.numel());
        return new Rows(address, (int) (x.numel() / x.dim(-1)), x.dim(-1), x.shape());
    }

    private static long groups(String op, String arg, Tensor x, int groupSize) {
        Rows r = rows(op, arg, x);
        if (groupSize < 1 || r.c % groupSize != 0) {
            throw new IllegalArgumentException(op + ": last dim C = " + r.c + " of " + arg + " " + Shapes.str(x.shape())
                    + " is not divisible by groupSize = " + groupSize + " (SimNorm needs groupSize >= 1 and"
                    + " C % groupSize == 0)");
        }
        return x.numel() / groupSize;
    }

    /** Per-row statistics: shape (R) or x's shape without the last dim. */
    private static long rowStats(String op, String arg, Tensor t, Tensor x, int rows) {
        long address = Checks.f32(op, arg, t);
        int[] leading = Checks.leading(x);
        if (!Arrays.equals(t.shape(), new int[] {rows}) && !Arrays.equals(t.shape(), leading)) {
            throw new IllegalArgumentException(op + ": " + arg + " has shape " + Shapes.str(t.shape()) + ", expected ("
                    + rows + ") or " + Shapes.str(leading) + " (one value per row of x " + Shapes.str(x.shape()) + ")");
        }
        return address;
    }
}
