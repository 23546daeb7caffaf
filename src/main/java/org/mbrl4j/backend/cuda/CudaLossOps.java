package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link LossOps} on kernels/loss.cu. Rows: (..., C) is R rows; per-row outputs have shape (...).
 * Bins pass as (K, vmin, vmax, binSize) with binSize = {@link Bins#binSize()} computed here in float,
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
        long pp = Checks.f32(op, "pred", pred);
        long pt = Checks.like(op, "target", target, "pred", pred);
        int rows = rows(op, "pred", pred);
        long po = Checks.perRow(op, "out", out, "pred", pred);
        if (rows > 0) {
            k.launch("mse_forward", Grids.warpRows(rows), Grids.THREADS, describe(pred), ptr(pp), ptr(pt), ptr(po),
                    i32(rows), i32(pred.dim(-1)));
        }
    }

    @Override
    public void mseBackward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget) {
        String op = "mseBackward";
        long pp = Checks.f32(op, "pred", pred);
        long pt = Checks.like(op, "target", target, "pred", pred);
        int rows = rows(op, "pred", pred);
        long pg = Checks.perRow(op, "dout", dout, "pred", pred);
        long pdp = Checks.optionalLike(op, "dpred", dpred, "pred", pred);
        long pdt = Checks.optionalLike(op, "dtarget", dtarget, "pred", pred);
        if (rows > 0 && (dpred != null || dtarget != null)) {
            k.launch("mse_backward", Grids.strided(pred.numel(), Grids.THREADS), Grids.THREADS, describe(pred), ptr(pp),
                    ptr(pt), ptr(pg), ptr(pdp), ptr(pdt), i32(rows), i32(pred.dim(-1)));
        }
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor target, Tensor out) {
        String op = "bceWithLogitsForward";
        long pl = Checks.f32(op, "logits", logits);
        long pt = Checks.like(op, "target", target, "logits", logits);
        long po = Checks.like(op, "out", out, "logits", logits);
        if (logits.numel() > 0) {
            k.launch("bce_with_logits_forward", Grids.strided(logits.numel(), Grids.THREADS), Grids.THREADS,
                    describe(logits), ptr(pl), ptr(pt), ptr(po), i64(logits.numel()));
        }
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits) {
        String op = "bceWithLogitsBackward";
        long pl = Checks.f32(op, "logits", logits);
        long pt = Checks.like(op, "target", target, "logits", logits);
        long pg = Checks.like(op, "dout", dout, "logits", logits);
        long pd = Checks.optionalLike(op, "dlogits", dlogits, "logits", logits);
        if (dlogits != null && logits.numel() > 0) {
            k.launch("bce_with_logits_backward", Grids.strided(logits.numel(), Grids.THREADS), Grids.THREADS,
                    describe(logits), ptr(pl), ptr(pt), ptr(pg), ptr(pd), i64(logits.numel()));
        }
    }

    @Override
    public void twoHotEncode(Tensor x, Bins bins, Tensor out) {
        String op = "twoHotEncode";
        Checks.nonNull(op, "bins", bins);
        long po = Checks.f32(op, "out", out);
        requireBins(op, "out", out, bins);
        long px = Checks.perRow(op, "x", x, "out", out);
        int rows = rows(op, "out", out);
        if (rows > 0) {
            k.launch("two_hot_encode_forward", Grids.strided(out.numel(), Grids.THREADS), Grids.THREADS, describe(out),
                    ptr(px), ptr(po), i32(rows), i32(bins.numBins()), f32(bins.vmin()), f32(bins.vmax()),
                    f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotSoftCeForward(Tensor logits, Tensor target, Bins bins, Tensor out) {
        String op = "twoHotSoftCeForward";
        int rows = twoHotRows(op, logits, bins);
        long pt = Checks.perRow(op, "target", target, "logits", logits);
        long po = Checks.perRow(op, "out", out, "logits", logits);
        if (rows > 0) {
            k.launch("two_hot_soft_ce_forward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(DeviceStorage.address(logits)), ptr(pt), ptr(po), i32(rows), i32(bins.numBins()),
                    f32(bins.vmin()), f32(bins.vmax()), f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotSoftCeBackward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotSoftCeBackward";
        int rows = twoHotRows(op, logits, bins);
        long pt = Checks.perRow(op, "target", target, "logits", logits);
        long pg = Checks.perRow(op, "dout", dout, "logits", logits);
        long pd = Checks.optionalLike(op, "dlogits", dlogits, "logits", logits);
        Checks.disjoint(op, "dlogits", dlogits, "logits", logits);
        if (dlogits != null && rows > 0) {
            k.launch("two_hot_soft_ce_backward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(DeviceStorage.address(logits)), ptr(pt), ptr(pg), ptr(pd), i32(rows), i32(bins.numBins()),
                    f32(bins.vmin()), f32(bins.vmax()), f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotExpectationForward(Tensor logits, Bins bins, Tensor out) {
        String op = "twoHotExpectationForward";
        int rows = twoHotRows(op, logits, bins);
        long po = Checks.perRow(op, "out", out, "logits", logits);
        if (rows > 0) {
            k.launch("two_hot_expectation_forward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(DeviceStorage.address(logits)), ptr(po), i32(rows), i32(bins.numBins()), f32(bins.vmin()),
                    f32(bins.binSize()));
        }
    }

    @Override
    public void twoHotExpectationBackward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotExpectationBackward";
        int rows = twoHotRows(op, logits, bins);
        long pg = Checks.perRow(op, "dout", dout, "logits", logits);
        long pd = Checks.optionalLike(op, "dlogits", dlogits, "logits", logits);
        Checks.disjoint(op, "dlogits", dlogits, "logits", logits);
        if (dlogits != null && rows > 0) {
            k.launch("two_hot_expectation_backward", Grids.warpRows(rows), Grids.THREADS, describe(logits),
                    ptr(DeviceStorage.address(logits)), ptr(pg), ptr(pd), i32(rows), i32(bins.numBins()),
                    f32(bins.vmin()), f32(bins.binSize()));
        }
    }

    private static int twoHotRows(String op, Tensor logits, Bins bins) {
        Checks.nonNull(op, "bins", bins);
        Checks.f32(op, "logits", logits);
        requireBins(op, "logits", logits, bins);
        return rows(op, "logits", logits);
    }

    private static void requireBins(String op, String arg, Tensor t, Bins bins) {
        if (t.rank() < 1 || t.dim(-1) != bins.numBins()) {
            throw new IllegalArgumentException(op + ": " + arg + " " + Shapes.str(t.shape())
                    + " must have last dim = num_bins = " + bins.numBins());
        }
    }

    /** Rows of (..., C); R·C must fit the kernels' int dims. */
    private static int rows(String op, String arg, Tensor t) {
        int rows = Checks.rows(op, arg, t);
        Checks.fitsInt(op, "R·C of " + arg, t.numel());
        return rows;
    }

    private static String describe(Tensor t) {
        return Shapes.str(t.shape());
    }
}
