package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link LossOps}: validates shapes, then runs the kernels {@link LossMse},
 * {@link LossBceWithLogits}, {@link TwoHotEncode}, {@link TwoHotSoftCe}, {@link TwoHotExpectation}.
 * Rows: an input {@code (..., C)} is {@code R = numel / C} rows; per-row outputs have shape {@code (...)}.
 */
final class CpuLossOps implements LossOps {

    @Override
    public void mseForward(Tensor pred, Tensor target, Tensor out) {
        int rows = checkMse("mseForward", pred, target);
        LossShapes.requirePerRowF32("mseForward", "out", out, "pred", pred);
        LossMse.forward(pred, target, out, rows, pred.dim(-1));
    }

    @Override
    public void mseBackward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget) {
        String op = "mseBackward";
        int rows = checkMse(op, pred, target);
        LossShapes.requirePerRowF32(op, "dout", dout, "pred", pred);
        LossShapes.optionalLike(op, "dpred", dpred, "pred", pred);
        LossShapes.optionalLike(op, "dtarget", dtarget, "pred", pred);
        if (dpred != null || dtarget != null) {
            LossMse.backward(pred, target, dout, dpred, dtarget, rows, pred.dim(-1));
        }
    }

    private static int checkMse(String op, Tensor pred, Tensor target) {
        LossShapes.requireF32(op, "pred", pred);
        LossShapes.requireLike(op, "target", target, "pred", pred);
        return LossShapes.rows(op, "pred", pred);
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor target, Tensor out) {
        String op = "bceWithLogitsForward";
        LossShapes.requireF32(op, "logits", logits);
        LossShapes.requireLike(op, "target", target, "logits", logits);
        LossShapes.requireLike(op, "out", out, "logits", logits);
        LossBceWithLogits.forward(logits, target, out);
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits) {
        String op = "bceWithLogitsBackward";
        LossShapes.requireF32(op, "logits", logits);
        LossShapes.requireLike(op, "target", target, "logits", logits);
        LossShapes.requireLike(op, "dout", dout, "logits", logits);
        LossShapes.optionalLike(op, "dlogits", dlogits, "logits", logits);
        if (dlogits != null) {
            LossBceWithLogits.backward(logits, target, dout, dlogits);
        }
    }

    @Override
    public void twoHotEncode(Tensor x, Bins bins, Tensor out) {
        String op = "twoHotEncode";
        LossShapes.requireNonNull(op, "bins", bins);
        LossShapes.requireF32(op, "out", out);
        LossShapes.requireBins(op, "out", out, bins);
        LossShapes.requirePerRowF32(op, "x", x, "out", out);
        TwoHotEncode.forward(x, bins, out, LossShapes.rows(op, "out", out));
    }

    @Override
    public void twoHotSoftCeForward(Tensor logits, Tensor target, Bins bins, Tensor out) {
        String op = "twoHotSoftCeForward";
        int rows = checkTwoHot(op, logits, bins);
        checkPerRow(op, "target", target, logits);
        checkPerRow(op, "out", out, logits);
        TwoHotSoftCe.forward(logits, target, bins, out, rows);
    }

    @Override
    public void twoHotSoftCeBackward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotSoftCeBackward";
        int rows = checkTwoHot(op, logits, bins);
        checkPerRow(op, "target", target, logits);
        checkPerRow(op, "dout", dout, logits);
        LossShapes.optionalLike(op, "dlogits", dlogits, "logits", logits);
        if (dlogits != null) {
            TwoHotSoftCe.backward(logits, target, bins, dout, dlogits, rows);
        }
    }

    @Override
    public void twoHotExpectationForward(Tensor logits, Bins bins, Tensor out) {
        String op = "twoHotExpectationForward";
        int rows = checkTwoHot(op, logits, bins);
        checkPerRow(op, "out", out, logits);
        TwoHotExpectation.forward(logits, bins, out, rows);
    }

    @Override
    public void twoHotExpectationBackward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotExpectationBackward";
        int rows = checkTwoHot(op, logits, bins);
        checkPerRow(op, "dout", dout, logits);
        LossShapes.optionalLike(op, "dlogits", dlogits, "logits", logits);
        if (dlogits != null) {
            TwoHotExpectation.backward(logits, bins, dout, dlogits, rows);
        }
    }

    private static int checkTwoHot(String op, Tensor logits, Bins bins) {
        LossShapes.requireNonNull(op, "bins", bins);
        LossShapes.requireF32(op, "logits", logits);
        LossShapes.requireBins(op, "logits", logits, bins);
        return LossShapes.rows(op, "logits", logits);
    }

    private static void checkPerRow(String op, String arg, Tensor t, Tensor logits) {
        LossShapes.requirePerRowF32(op, arg, t, "logits", logits);
    }
}
