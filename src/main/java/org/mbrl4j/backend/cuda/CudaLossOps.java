package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.LossContract;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link LossOps} on kernels/loss.cu; {@link LossContract} checks the arguments. Rows: (..., F) is M rows; per-row outputs have shape (...).
 * Bins pass as (V, vmin, vmax, binSize) with binSize = {@link Bins#binSize()} computed here in float,
 * so both backends use the same spacing bit for bit.
 */
final class CudaLossOps implements LossOps {
    private final ModuleKernels k;

    CudaLossOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "loss");
    }

    @Override
    public void mseForward(Tensor pred, Tensor target, Tensor out) {
        String op = "mseForward";
        int rows = rows(op, "pred", pred, LossContract.mseForward(pred, target, out));
        long pp = Checks.address(op, "pred", pred);
        long pt = Checks.address(op, "target", target);
        long po = Checks.address(op, "out", out);
        if (rows > 0) {
            k.launch("mse_forward", Grids.warpRows(rows), Grids.THREADS, describe(pred), ptr(pp), ptr(pt), ptr(po),
                    i32(rows), i32(pred.dim(-1)));
        }
    }

    @Override
    public void mseBackward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget) {
        String op = "mseBackward";
        int rows = rows(op, "pred", pred, LossContract.mseBackward(pred, target, dout, dpred, dtarget));
        long pp = Checks.address(op, "pred", pred);
        long pt = Checks.address(op, "target", target);
        long pg = Checks.address(op, "dout", dout);
        long pdp = Checks.optionalAddress(op, "dpred", dpred);
        long pdt = Checks.optionalAddress(op, "dtarget", dtarget);
        if (rows > 0 && (dpred != null || dtarget != null)) {
            k.launch("mse_backward", Grids.strided(pred.numel(), Grids.THREADS), Grids.THREADS, describe(pred), ptr(pp),
                    ptr(pt), ptr(pg), ptr(pdp), ptr(pdt), i32(rows), i32(pred.dim(-1)));
        }
    }

    @Override
    public void unitGaussianNllForward(Tensor mean, Tensor target, Tensor out) {
        String op = "unitGaussianNllForward";
        int rows = rows(op, "mean", mean, LossContract.unitGaussianNllForward(mean, target, out));
        long pm = Checks.address(op, "mean", mean);
        long pt = Checks.address(op, "target", target);
        long po = Checks.address(op, "out", out);
        if (rows > 0) {
            k.launch("unit_gaussian_nll_forward", Grids.warpRows(rows), Grids.THREADS, describe(mean), ptr(pm), ptr(pt),
                    ptr(po), i32(rows), i32(mean.dim(-1)));
        }
    }

    @Override
    public void unitGaussianNllBackward(Tensor mean, Tensor target, Tensor dout, Tensor dmean, Tensor dtarget) {
        String op = "unitGaussianNllBackward";
        int rows = rows(op, "mean", mean, LossContract.unitGaussianNllBackward(mean, target, dout, dmean, dtarget));
        long pm = Checks.address(op, "mean", mean);
        long pt = Checks.address(op, "target", target);
        long pg = Checks.address(op, "dout", dout);
        long pdm = Checks.optionalAddress(op, "dmean", dmean);
        long pdt = Checks.optionalAddress(op, "dtarget", dtarget);
        if (rows > 0 && (dmean != null || dtarget != null)) {
            k.launch("unit_gaussian_nll_backward", Grids.strided(mean.numel(), Grids.THREADS), Grids.THREADS,
                    describe(mean), ptr(pm), ptr(pt), ptr(pg), ptr(pdm), ptr(pdt), i32(rows), i32(mean.dim(-1)));
        }
    }

    @Override
    public void gaussianKlForward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out) {
        String op = "gaussianKlForward";
        int rows = rows(op, "muQ", muQ, LossContract.gaussianKlForward(muQ, stdQ, muP, stdP, freeNats, out));
        long pmq = Checks.address(op, "muQ", muQ);
        long psq = Checks.address(op, "stdQ", stdQ);
        long pmp = Checks.address(op, "muP", muP);
        long psp = Checks.address(op, "stdP", stdP);
        long po = Checks.address(op, "out", out);
        if (rows > 0) {
            k.launch("gaussian_kl_forward", Grids.warpRows(rows), Grids.THREADS, describe(muQ), ptr(pmq), ptr(psq),
                    ptr(pmp), ptr(psp), ptr(po), i32(rows), i32(muQ.dim(-1)), f32(freeNats));
        }
    }

    @Override
    public void gaussianKlBackward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out,
            Tensor dout, Tensor dmuQ, Tensor dstdQ, Tensor dmuP, Tensor dstdP) {
        String op = "gaussianKlBackward";
        int rows = rows(op, "muQ", muQ, LossContract.gaussianKlBackward(muQ, stdQ, muP, stdP, freeNats, out, dout,
                dmuQ, dstdQ, dmuP, dstdP));
        long pmq = Checks.address(op, "muQ", muQ);
        long psq = Checks.address(op, "stdQ", stdQ);
        long pmp = Checks.address(op, "muP", muP);
        long psp = Checks.address(op, "stdP", stdP);
        long po = Checks.address(op, "out", out);
        long pg = Checks.address(op, "dout", dout);
        long pdmq = Checks.optionalAddress(op, "dmuQ", dmuQ);
        long pdsq = Checks.optionalAddress(op, "dstdQ", dstdQ);
        long pdmp = Checks.optionalAddress(op, "dmuP", dmuP);
        long pdsp = Checks.optionalAddress(op, "dstdP", dstdP);
        if (rows > 0 && (dmuQ != null || dstdQ != null || dmuP != null || dstdP != null)) {
            k.launch("gaussian_kl_backward", Grids.strided(muQ.numel(), Grids.THREADS), Grids.THREADS, describe(muQ),
                    ptr(pmq), ptr(psq), ptr(pmp), ptr(psp), ptr(po), ptr(pg), ptr(pdmq), ptr(pdsq), ptr(pdmp),
                    ptr(pdsp), i32(rows), i32(muQ.dim(-1)), f32(freeNats));
        }
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor target, Tensor out) {
        String op = "bceWithLogitsForward";
        LossContract.bceWithLogitsForward(logits, target, out);
        long pl = Checks.address(op, "logits", logits);
        long pt = Checks.address(op, "target", target);
        long po = Checks.address(op, "out", out);
        if (logits.numel() > 0) {
            k.launch("bce_with_logits_forward", Grids.strided(logits.numel(), Grids.THREADS), Grids.THREADS,
                    describe(logits), ptr(pl), ptr(pt), ptr(po), i64(logits.numel()));
        }
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits) {
        String op = "bceWithLogitsBackward";
        LossContract.bceWithLogitsBackward(logits, target, dout, dlogits);
        long pl = Checks.address(op, "logits", logits);
        long pt = Checks.address(op, "target", target);
        long pg = Checks.address(op, "dout", dout);
        long pd = Checks.optionalAddress(op, "dlogits", dlogits);
        if (dlogits != null && logits.numel() > 0) {
            k.launch("bce_with_logits_backward", Grids.strided(logits.numel(), Grids.THREADS), Grids.THREADS,
                    describe(logits), ptr(pl), ptr(pt), ptr(pg), ptr(pd), i64(logits.numel()));
        }
    }

    @Override
    public void twoHotEncode(Tensor x, Bins bins, Tensor out) {
        String op = "twoHotEncode";
        int rows = rows(op, "out", out, LossContract.twoHotEncode(x, bins, out));
        long po = Checks.address(op, "out", out);
        long px = Checks.address(op, "x", x);
        if (rows > 0) {
            k.launch("two_hot_encode_forward", Grids.strided(out.numel(), Grids.THREADS), Grids.THREADS, describe(out),
                    ptr(px), ptr(po), i32(rows), i32(bins.numBins()), f32(bins.vmin()), f32(bins.vmax()),
                    f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotSoftCeForward(Tensor logits, Tensor target, Bins bins, Tensor out) {
        String op = "twoHotSoftCeForward";
        int rows = rows(op, "logits", logits, LossContract.twoHotSoftCeForward(logits, target, bins, out));
        long pt = Checks.address(op, "target", target);
        long po = Checks.address(op, "out", out);
        if (rows > 0) {
            k.launch("two_hot_soft_ce_forward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(Checks.address(op, "logits", logits)), ptr(pt), ptr(po), i32(rows), i32(bins.numBins()),
                    f32(bins.vmin()), f32(bins.vmax()), f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotSoftCeBackward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotSoftCeBackward";
        int rows = rows(op, "logits", logits, LossContract.twoHotSoftCeBackward(logits, target, bins, dout, dlogits));
        long pt = Checks.address(op, "target", target);
        long pg = Checks.address(op, "dout", dout);
        long pd = Checks.optionalAddress(op, "dlogits", dlogits);
        if (dlogits != null && rows > 0) {
            k.launch("two_hot_soft_ce_backward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(Checks.address(op, "logits", logits)), ptr(pt), ptr(pg), ptr(pd), i32(rows), i32(bins.numBins()),
                    f32(bins.vmin()), f32(bins.vmax()), f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotExpectationForward(Tensor logits, Bins bins, Tensor out) {
        String op = "twoHotExpectationForward";
        int rows = rows(op, "logits", logits, LossContract.twoHotExpectationForward(logits, bins, out));
        long po = Checks.address(op, "out", out);
        if (rows > 0) {
            k.launch("two_hot_expectation_forward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(Checks.address(op, "logits", logits)), ptr(po), i32(rows), i32(bins.numBins()), f32(bins.vmin()),
                    f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotExpectationBackward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotExpectationBackward";
        int rows = rows(op, "logits", logits, LossContract.twoHotExpectationBackward(logits, bins, dout, dlogits));
        long pg = Checks.address(op, "dout", dout);
        long pd = Checks.optionalAddress(op, "dlogits", dlogits);
        if (dlogits != null && rows > 0) {
            k.launch("two_hot_expectation_backward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(Checks.address(op, "logits", logits)), ptr(pg), ptr(pd), i32(rows), i32(bins.numBins()),
                    f32(bins.vmin()), f32(bins.binSize()));
        }
    }

    /** The contract's rows, with M·F within the kernels' int dims; t must be in device memory. */
    private static int rows(String op, String arg, Tensor t, int rows) {
        Checks.address(op, arg, t);
        Checks.fitsInt(op, "M·F of " + arg, t.numel());
        return rows;
    }

    private static String describe(Tensor t) {
        return Shapes.str(t.shape());
    }
}
