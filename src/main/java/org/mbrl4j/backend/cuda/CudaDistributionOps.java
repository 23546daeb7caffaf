package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link DistributionOps} on kernels/distribution.cu: per-element tensors (R, A) (any leading dims),
 * per-row tensors (R). Row sums run one thread per row in index order, as the CPU loop.
 */
final class CudaDistributionOps implements DistributionOps {
    private final ModuleKernels k;

    CudaDistributionOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "distribution");
    }

    @Override
    public void gaussianSampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u) {
        String op = "gaussianSampleForward";
        long pm = Checks.f32(op, "mean", mean);
        long ps = Checks.like(op, "logStd", logStd, "mean", mean);
        long pe = Checks.like(op, "eps", eps, "mean", mean);
        long pu = Checks.like(op, "u", u, "mean", mean);
        long n = mean.numel();
        if (n > 0) {
            k.launch("gaussian_sample_forward", Grids.strided(n, Grids.THREADS), Grids.THREADS, Shapes.str(mean.shape()),
                    ptr(pm), ptr(ps), ptr(pe), ptr(pu), i64(n));
        }
    }

    @Override
    public void gaussianSampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd) {
        String op = "gaussianSampleBackward";
        long ps = Checks.f32(op, "logStd", logStd);
        long pe = Checks.like(op, "eps", eps, "logStd", logStd);
        long pdu = Checks.like(op, "du", du, "logStd", logStd);
        long pdm = Checks.optionalLike(op, "dmean", dmean, "logStd", logStd);
        long pds = Checks.optionalLike(op, "dlogStd", dlogStd, "logStd", logStd);
        long n = logStd.numel();
        if (n > 0 && (dmean != null || dlogStd != null)) {
            k.launch("gaussian_sample_backward", Grids.strided(n, Grids.THREADS), Grids.THREADS,
                    Shapes.str(logStd.shape()), ptr(ps), ptr(pe), ptr(pdu), ptr(pdm), ptr(pds), i64(n));
        }
    }

    @Override
    public void gaussianLogProbForward(Tensor eps, Tensor logStd, Tensor out) {
        String op = "gaussianLogProbForward";
        long pe = Checks.f32(op, "eps", eps);
        long ps = Checks.like(op, "logStd", logStd, "eps", eps);
        int rows = rows(op, "eps", eps);
        long po = Checks.perRow(op, "out", out, "eps", eps);
        if (rows > 0) {
            k.launch("gaussian_logprob_forward", Grids.strided(rows, Grids.THREADS), Grids.THREADS,
                    Shapes.str(eps.shape()), ptr(pe), ptr(ps), ptr(po), i32(rows), i32(eps.dim(-1)));
        }
    }

    @Override
    public void gaussianLogProbBackward(Tensor dout, Tensor dlogStd) {
        String op = "gaussianLogProbBackward";
        if (dlogStd == null) {
            return;
        }
        long pds = Checks.f32(op, "dlogStd", dlogStd);
        int rows = rows(op, "dlogStd", dlogStd);
        long pg = Checks.perRow(op, "dout", dout, "dlogStd", dlogStd);
        if (rows > 0) {
            k.launch("gaussian_logprob_backward", Grids.strided(dlogStd.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(dlogStd.shape()), ptr(pg), ptr(pds), i32(rows), i32(dlogStd.dim(-1)));
        }
    }

    @Override
    public void tanhSquashForward(Tensor u, Tensor action, Tensor logDetJacobian) {
        String op = "tanhSquashForward";
        long pu = Checks.f32(op, "u", u);
        long pa = Checks.like(op, "action", action, "u", u);
        int rows = rows(op, "u", u);
        long pl = Checks.perRow(op, "logDetJacobian", logDetJacobian, "u", u);
        Checks.disjoint(op, "action", action, "u", u);
        if (rows > 0) {
            k.launch("tanh_squash_forward", Grids.strided(rows, Grids.THREADS), Grids.THREADS, Shapes.str(u.shape()),
                    ptr(pu), ptr(pa), ptr(pl), i32(rows), i32(u.dim(-1)));
        }
    }

    @Override
    public void tanhSquashBackward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du) {
        String op = "tanhSquashBackward";
        long pa = Checks.f32(op, "action", action);
        long pda = Checks.optionalLike(op, "daction", daction, "action", action);
        int rows = rows(op, "action", action);
        long pdl = dlogDet == null ? 0L : Checks.perRow(op, "dlogDet", dlogDet, "action", action);
        if (du == null || (daction == null && dlogDet == null)) {
            return;
        }
        long pdu = Checks.like(op, "du", du, "action", action);
        if (rows > 0) {
            k.launch("tanh_squash_backward", Grids.strided(action.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(action.shape()), ptr(pa), ptr(pda), ptr(pdl), ptr(pdu), i32(rows), i32(action.dim(-1)));
        }
    }

    private static int rows(String op, String arg, Tensor t) {
        int rows = Checks.rows(op, arg, t);
        Checks.fitsInt(op, "R·A of " + arg, t.numel());
        return rows;
    }
}
