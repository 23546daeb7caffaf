package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.DistributionContract;
import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link DistributionOps} on kernels/distribution.cu: per-element tensors (M, A) (any leading dims),
 * per-row tensors (M). Row sums run one thread per row in index order, as the CPU loop.
 * {@link DistributionContract} checks the arguments; tanh_squash_forward adds a device rule (action
 * disjoint from u): the kernel declares both {@code __restrict__}, so an alias is undefined there,
 * while the CPU loop may write action over u.
 */
final class CudaDistributionOps implements DistributionOps {
    private final ModuleKernels k;

    CudaDistributionOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "distribution");
    }

    @Override
    public void gaussianSampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u) {
        String op = "gaussianSampleForward";
        DistributionContract.gaussianSampleForward(mean, logStd, eps, u);
        long pm = Checks.address(op, "mean", mean);
        long ps = Checks.address(op, "logStd", logStd);
        long pe = Checks.address(op, "eps", eps);
        long pu = Checks.address(op, "u", u);
        long n = mean.numel();
        if (n > 0) {
            k.launch("gaussian_sample_forward", Grids.strided(n, Grids.THREADS), Grids.THREADS, Shapes.str(mean.shape()),
                    ptr(pm), ptr(ps), ptr(pe), ptr(pu), i64(n));
        }
    }

    @Override
    public void gaussianSampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd) {
        String op = "gaussianSampleBackward";
        DistributionContract.gaussianSampleBackward(logStd, eps, du, dmean, dlogStd);
        long ps = Checks.address(op, "logStd", logStd);
        long pe = Checks.address(op, "eps", eps);
        long pdu = Checks.address(op, "du", du);
        long pdm = Checks.optionalAddress(op, "dmean", dmean);
        long pds = Checks.optionalAddress(op, "dlogStd", dlogStd);
        long n = logStd.numel();
        if (n > 0 && (dmean != null || dlogStd != null)) {
            k.launch("gaussian_sample_backward", Grids.strided(n, Grids.THREADS), Grids.THREADS,
                    Shapes.str(logStd.shape()), ptr(ps), ptr(pe), ptr(pdu), ptr(pdm), ptr(pds), i64(n));
        }
    }

    @Override
    public void gaussianLogProbForward(Tensor eps, Tensor logStd, Tensor out) {
        String op = "gaussianLogProbForward";
        int rows = rows(op, "eps", eps, DistributionContract.gaussianLogProbForward(eps, logStd, out));
        long pe = Checks.address(op, "eps", eps);
        long ps = Checks.address(op, "logStd", logStd);
        long po = Checks.address(op, "out", out);
        if (rows > 0) {
            k.launch("gaussian_logprob_forward", Grids.strided(rows, Grids.THREADS), Grids.THREADS,
                    Shapes.str(eps.shape()), ptr(pe), ptr(ps), ptr(po), i32(rows), i32(eps.dim(-1)));
        }
    }

    @Override
    public void gaussianLogProbBackward(Tensor dout, Tensor dlogStd) {
        String op = "gaussianLogProbBackward";
        int contractRows = DistributionContract.gaussianLogProbBackward(dout, dlogStd);
        if (dlogStd == null) {
            return;
        }
        int rows = rows(op, "dlogStd", dlogStd, contractRows);
        long pds = Checks.address(op, "dlogStd", dlogStd);
        long pg = Checks.address(op, "dout", dout);
        if (rows > 0) {
            k.launch("gaussian_logprob_backward", Grids.strided(dlogStd.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(dlogStd.shape()), ptr(pg), ptr(pds), i32(rows), i32(dlogStd.dim(-1)));
        }
    }

    @Override
    public void tanhSquashForward(Tensor u, Tensor action, Tensor logDetJacobian) {
        String op = "tanhSquashForward";
        int rows = rows(op, "u", u, DistributionContract.tanhSquashForward(u, action, logDetJacobian));
        long pu = Checks.address(op, "u", u);
        long pa = Checks.address(op, "action", action);
        long pl = Checks.address(op, "logDetJacobian", logDetJacobian);
        Checks.disjoint(op, "action", action, "u", u);
        if (rows > 0) {
            k.launch("tanh_squash_forward", Grids.strided(rows, Grids.THREADS), Grids.THREADS, Shapes.str(u.shape()),
                    ptr(pu), ptr(pa), ptr(pl), i32(rows), i32(u.dim(-1)));
        }
    }

    @Override
    public void tanhSquashBackward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du) {
        String op = "tanhSquashBackward";
        int rows = rows(op, "action", action, DistributionContract.tanhSquashBackward(action, daction, dlogDet, du));
        long pa = Checks.address(op, "action", action);
        long pda = Checks.optionalAddress(op, "daction", daction);
        long pdl = Checks.optionalAddress(op, "dlogDet", dlogDet);
        if (du == null || (daction == null && dlogDet == null)) {
            return;
        }
        long pdu = Checks.address(op, "du", du);
        if (rows > 0) {
            k.launch("tanh_squash_backward", Grids.strided(action.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(action.shape()), ptr(pa), ptr(pda), ptr(pdl), ptr(pdu), i32(rows), i32(action.dim(-1)));
        }
    }

    /** The contract's rows, with M·A within the kernels' int dims; t must be in device memory. */
    private static int rows(String op, String arg, Tensor t, int rows) {
        Checks.address(op, arg, t);
        Checks.fitsInt(op, "M·A of " + arg, t.numel());
        return rows;
    }
}
