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

    public static int unitGaussianNllForward(Tensor mean, Tensor target, Tensor out) {
        String op = "unitGaussianNllForward";
        int rows = OpArgs.rows(op, "mean", pair(op, "mean", mean, "target", target));
        OpArgs.perRow(op, "out", out, "mean", mean);
        return rows;
    }

    public static int unitGaussianNllBackward(Tensor mean, Tensor target, Tensor dout, Tensor dmean, Tensor dtarget) {
        String op = "unitGaussianNllBackward";
        int rows = OpArgs.rows(op, "mean", pair(op, "mean", mean, "target", target));
        OpArgs.perRow(op, "dout", dout, "mean", mean);
        OpArgs.optionalLike(op, "dmean", dmean, "mean", mean);
        OpArgs.optionalLike(op, "dtarget", dtarget, "mean", mean);
        return rows;
    }

    public static int gaussianKlForward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out) {
        String op = "gaussianKlForward";
        int rows = kl(op, muQ, stdQ, muP, stdP, freeNats);
        OpArgs.perRow(op, "out", out, "muQ", muQ);
        return rows;
    }

    public static int gaussianKlBackward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats,
            Tensor out, Tensor dout, Tensor dmuQ, Tensor dstdQ, Tensor dmuP, Tensor dstdP) {
        String op = "gaussianKlBackward";
        int rows = kl(op, muQ, stdQ, muP, stdP, freeNats);
        OpArgs.perRow(op, "out", out, "muQ", muQ);
        OpArgs.perRow(op, "dout", dout, "muQ", muQ);
        OpArgs.optionalLike(op, "dmuQ", dmuQ, "muQ", muQ);
        OpArgs.optionalLike(op, "dstdQ", dstdQ, "muQ", muQ);
        OpArgs.optionalLike(op, "dmuP", dmuP, "muQ", muQ);
        OpArgs.optionalLike(op, "dstdP", dstdP, "muQ", muQ);
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

    private static Tensor pair(String op, String arg, Tensor t, String otherArg, Tensor other) {
        OpArgs.f32(op, arg, t);
        OpArgs.like(op, otherArg, other, arg, t);
        return t;
    }

    /** Four tensors of one shape (..., F); free nats finite and >= 0 (0 is the plain KL). */
    private static int kl(String op, Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats) {
        OpArgs.f32(op, "muQ", muQ);
        OpArgs.like(op, "stdQ", stdQ, "muQ", muQ);
        OpArgs.like(op, "muP", muP, "muQ", muQ);
        OpArgs.like(op, "stdP", stdP, "muQ", muQ);
        if (!(freeNats >= 0f) || Float.isInfinite(freeNats)) {
            throw new IllegalArgumentException(op + ": freeNats=" + freeNats + " must be finite and >= 0");
        }
        return OpArgs.rows(op, "muQ", muQ);
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
