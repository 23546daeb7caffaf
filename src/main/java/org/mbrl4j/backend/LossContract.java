package org.mbrl4j.backend;

import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link LossOps}, written once for every backend. Rows: an input (..., F) is
 * M = numel / F rows and a per-row tensor has shape (...); the methods return M. The two-hot
 * backwards read a whole row of logits (its softmax) for every element of dlogits, so dlogits never
 * overlaps logits.
 */
public final class LossContract {
    private LossContract() {}

    public static int mseForward(Tensor pred, Tensor target, Tensor out) {
        String op = "mseForward";
        int rows = mse(op, pred, target);
        OpArgs.perRow(op, "out", out, "pred", pred);
        return rows;
    }

    public static int mseBackward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget) {
        String op = "mseBackward";
        int rows = mse(op, pred, target);
        OpArgs.perRow(op, "dout", dout, "pred", pred);
        OpArgs.optionalLike(op, "dpred", dpred, "pred", pred);
        OpArgs.optionalLike(op, "dtarget", dtarget, "pred", pred);
        return rows;
    }

    public static void bceWithLogitsForward(Tensor logits, Tensor target, Tensor out) {
        String op = "bceWithLogitsForward";
        OpArgs.f32(op, "logits", logits);
        OpArgs.like(op, "target", target, "logits", logits);
        OpArgs.like(op, "out", out, "logits", logits);
    }

    public static void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits) {
        String op = "bceWithLogitsBackward";
        OpArgs.f32(op, "logits", logits);
        OpArgs.like(op, "target", target, "logits", logits);
        OpArgs.like(op, "dout", dout, "logits", logits);
        OpArgs.optionalLike(op, "dlogits", dlogits, "logits", logits);
    }

    /** Returns M, the rows of out (..., V). */
    public static int twoHotEncode(Tensor x, Bins bins, Tensor out) {
        String op = "twoHotEncode";
        OpArgs.nonNull(op, "bins", bins);
        OpArgs.f32(op, "out", out);
        requireBins(op, "out", out, bins);
        OpArgs.perRow(op, "x", x, "out", out);
        return OpArgs.rows(op, "out", out);
    }

    public static int twoHotSoftCeForward(Tensor logits, Tensor target, Bins bins, Tensor out) {
        String op = "twoHotSoftCeForward";
        int rows = twoHotRows(op, logits, bins);
        OpArgs.perRow(op, "target", target, "logits", logits);
        OpArgs.perRow(op, "out", out, "logits", logits);
        return rows;
    }

    public static int twoHotSoftCeBackward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotSoftCeBackward";
        int rows = twoHotRows(op, logits, bins);
        OpArgs.perRow(op, "target", target, "logits", logits);
        OpArgs.perRow(op, "dout", dout, "logits", logits);
        OpArgs.optionalLike(op, "dlogits", dlogits, "logits", logits);
        OpArgs.disjoint(op, "dlogits", dlogits, "logits", logits);
        return rows;
    }

    public static int twoHotExpectationForward(Tensor logits, Bins bins, Tensor out) {
        String op = "twoHotExpectationForward";
        int rows = twoHotRows(op, logits, bins);
        OpArgs.perRow(op, "out", out, "logits", logits);
        return rows;
    }

    public static int twoHotExpectationBackward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits) {
        String op = "twoHotExpectationBackward";
        int rows = twoHotRows(op, logits, bins);
        OpArgs.perRow(op, "dout", dout, "logits", logits);
        OpArgs.optionalLike(op, "dlogits", dlogits, "logits", logits);
        OpArgs.disjoint(op, "dlogits", dlogits, "logits", logits);
        return rows;
    }

    // ---- shared rules ----

    private static int mse(String op, Tensor pred, Tensor target) {
        OpArgs.f32(op, "pred", pred);
        OpArgs.like(op, "target", target, "pred", pred);
        return OpArgs.rows(op, "pred", pred);
    }

    private static int twoHotRows(String op, Tensor logits, Bins bins) {
        OpArgs.nonNull(op, "bins", bins);
        OpArgs.f32(op, "logits", logits);
        requireBins(op, "logits", logits, bins);
        return OpArgs.rows(op, "logits", logits);
    }

    /** The last dim of t must equal the number of bins. */
    private static void requireBins(String op, String arg, Tensor t, Bins bins) {
        if (t.rank() < 1 || t.dim(-1) != bins.numBins()) {
            throw new IllegalArgumentException(op + ": " + arg + " " + Shapes.str(t.shape())
                    + " must have last dim = num_bins = " + bins.numBins());
        }
    }
}
