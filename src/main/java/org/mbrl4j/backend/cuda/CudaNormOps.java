package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.NormContract;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.RowDims;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link NormOps} on kernels/norm.cu: x (..., F) is M rows of F; row ops run one warp per row.
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
        Rows r = rows(op, "x", x, NormContract.layerNormForward(x, gamma, beta, eps, y, mean, rstd));
        long pg = Checks.address(op, "gamma", gamma);
        long pb = Checks.address(op, "beta", beta);
        long py = Checks.address(op, "y", y);
        long pm = Checks.address(op, "mean", mean);
        long ps = Checks.address(op, "rstd", rstd);
        if (r.r > 0) {
            k.launch("layernorm_forward", Grids.warpRows(r.r), Grids.THREADS, r.describe(), ptr(r.address), ptr(pg),
                    ptr(pb), f32(eps), ptr(py), ptr(pm), ptr(ps), i32(r.r), i32(r.c));
        }
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dgamma,
            Tensor dbeta) {
        String op = "layerNormBackward";
        Rows r = rows(op, "x", x, NormContract.layerNormBackward(x, gamma, mean, rstd, dy, dx, dgamma, dbeta));
        long pg = Checks.address(op, "gamma", gamma);
        long pm = Checks.address(op, "mean", mean);
        long ps = Checks.address(op, "rstd", rstd);
        long pdy = Checks.address(op, "dy", dy);
        long pdx = Checks.optionalAddress(op, "dx", dx);
        long pdg = Checks.optionalAddress(op, "dgamma", dgamma);
        long pdb = Checks.optionalAddress(op, "dbeta", dbeta);
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
        long groups = rows(op, "x", x, NormContract.simNormForward(x, groupSize, y)).r;
        long px = Checks.address(op, "x", x);
        long py = Checks.address(op, "y", y);
        if (groups > 0) {
            k.launch("simnorm_forward", Grids.strided(groups, Grids.THREADS), Grids.THREADS, Shapes.str(x.shape())
                    + " G=" + groupSize, ptr(px), ptr(py), i64(groups), i32(groupSize));
        }
    }

    @Override
    public void simNormBackward(Tensor y, int groupSize, Tensor dy, Tensor dx) {
        String op = "simNormBackward";
        long groups = rows(op, "y", y, NormContract.simNormBackward(y, groupSize, dy, dx)).r;
        long py = Checks.address(op, "y", y);
        long pdy = Checks.address(op, "dy", dy);
        long pdx = Checks.address(op, "dx", dx);
        if (groups > 0) {
            k.launch("simnorm_backward", Grids.strided(groups, Grids.THREADS), Grids.THREADS, Shapes.str(y.shape())
                    + " G=" + groupSize, ptr(py), ptr(pdy), ptr(pdx), i64(groups), i32(groupSize));
        }
    }

    @Override
    public void softmaxForward(Tensor x, Tensor y) {
        rowForward("softmaxForward", "softmax_forward", NormContract.softmaxForward(x, y), x, y);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        rowBackward("softmaxBackward", "softmax_backward", NormContract.softmaxBackward(y, dy, dx), y, dy, dx);
    }

    @Override
    public void logSoftmaxForward(Tensor x, Tensor y) {
        rowForward("logSoftmaxForward", "log_softmax_forward", NormContract.logSoftmaxForward(x, y), x, y);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        rowBackward("logSoftmaxBackward", "log_softmax_backward", NormContract.logSoftmaxBackward(y, dy, dx), y, dy,
                dx);
    }

    private void rowForward(String op, String entry, RowDims dims, Tensor x, Tensor y) {
        Rows r = rows(op, "x", x, dims);
        long py = Checks.address(op, "y", y);
        if (r.r > 0) {
            k.launch(entry, Grids.warpRows(r.r), Grids.THREADS, r.describe(), ptr(r.address), ptr(py), i32(r.r), i32(r.c));
        }
    }

    private void rowBackward(String op, String entry, RowDims dims, Tensor y, Tensor dy, Tensor dx) {
        Rows r = rows(op, "y", y, dims);
        long pdy = Checks.address(op, "dy", dy);
        long pdx = Checks.address(op, "dx", dx);
        if (r.r > 0) {
            k.launch(entry, Grids.warpRows(r.r), Grids.THREADS, r.describe(), ptr(r.address), ptr(pdy), ptr(pdx), i32(r.r),
                    i32(r.c));
        }
    }

    /** x (..., F) with F >= 1 as M rows; M·F must fit the kernels' int dims. */
    private record Rows(long address, int r, int c, int[] shape) {
        String describe() {
            return Shapes.str(shape) + " M=" + r + " F=" + c;
        }
    }

    /** The contract's rows, with M·F within the kernels' int dims. */
    private static Rows rows(String op, String arg, Tensor x, RowDims dims) {
        long address = Checks.address(op, arg, x);
        Checks.fitsInt(op, "M·F of " + arg, x.numel());
        return new Rows(address, dims.rows(), dims.cols(), x.shape());
    }
}
