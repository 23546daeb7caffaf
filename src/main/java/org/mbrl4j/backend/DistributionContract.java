package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link DistributionOps}, written once for every backend: per-element tensors
 * (..., A), per-row tensors (...). Methods of row ops return M. All ops are elementwise or per row of
 * their own element, so the contract has no overlap rule; a launcher may add one for its kernel.
 */
public final class DistributionContract {
    private DistributionContract() {}

    public static void gaussianSampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u) {
        String op = "gaussianSampleForward";
        OpArgs.f32(op, "mean", mean);
        OpArgs.like(op, "logStd", logStd, "mean", mean);
        OpArgs.like(op, "eps", eps, "mean", mean);
        OpArgs.like(op, "u", u, "mean", mean);
    }

    public static void gaussianSampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd) {
        String op = "gaussianSampleBackward";
        OpArgs.f32(op, "logStd", logStd);
        OpArgs.like(op, "eps", eps, "logStd", logStd);
        OpArgs.like(op, "du", du, "logStd", logStd);
        OpArgs.optionalLike(op, "dmean", dmean, "logStd", logStd);
        OpArgs.optionalLike(op, "dlogStd", dlogStd, "logStd", logStd);
    }

    public static int gaussianLogProbForward(Tensor eps, Tensor logStd, Tensor out) {
        String op = "gaussianLogProbForward";
        OpArgs.f32(op, "eps", eps);
        OpArgs.like(op, "logStd", logStd, "eps", eps);
        int rows = OpArgs.rows(op, "eps", eps);
        OpArgs.perRow(op, "out", out, "eps", eps);
        return rows;
    }

    /** Nothing to check (and nothing to do) when dlogStd is null; returns M otherwise. */
    public static int gaussianLogProbBackward(Tensor dout, Tensor dlogStd) {
        String op = "gaussianLogProbBackward";
        if (dlogStd == null) {
            return 0;
        }
        OpArgs.f32(op, "dlogStd", dlogStd);
        int rows = OpArgs.rows(op, "dlogStd", dlogStd);
        OpArgs.perRow(op, "dout", dout, "dlogStd", dlogStd);
        return rows;
    }

    public static int tanhSquashForward(Tensor u, Tensor action, Tensor logDetJacobian) {
        String op = "tanhSquashForward";
        OpArgs.f32(op, "u", u);
        OpArgs.like(op, "action", action, "u", u);
        int rows = OpArgs.rows(op, "u", u);
        OpArgs.perRow(op, "logDetJacobian", logDetJacobian, "u", u);
        return rows;
    }

    /** du is checked only when there is something to accumulate (du and an upstream given). */
    public static int tanhSquashBackward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du) {
        String op = "tanhSquashBackward";
        OpArgs.f32(op, "action", action);
        OpArgs.optionalLike(op, "daction", daction, "action", action);
        int rows = OpArgs.rows(op, "action", action);
        if (dlogDet != null) {
            OpArgs.perRow(op, "dlogDet", dlogDet, "action", action);
        }
        if (du != null && (daction != null || dlogDet != null)) {
            OpArgs.like(op, "du", du, "action", action);
        }
        return rows;
    }
}
