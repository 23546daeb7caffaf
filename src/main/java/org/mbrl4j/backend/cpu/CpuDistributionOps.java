package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link DistributionOps}: validates shapes, then runs
 * {@link DistributionGaussian} and {@link DistributionTanhSquash}. Per-element tensors are
 * {@code (..., A)}; per-row tensors {@code (...)}.
 */
final class CpuDistributionOps implements DistributionOps {

    @Override
    public void gaussianSampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u) {
        String op = "gaussianSampleForward";
        LossShapes.requireF32(op, "mean", mean);
        LossShapes.requireLike(op, "logStd", logStd, "mean", mean);
        LossShapes.requireLike(op, "eps", eps, "mean", mean);
        LossShapes.requireLike(op, "u", u, "mean", mean);
        DistributionGaussian.sampleForward(mean, logStd, eps, u);
    }

    @Override
    public void gaussianSampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd) {
        String op = "gaussianSampleBackward";
        LossShapes.requireF32(op, "logStd", logStd);
        LossShapes.requireLike(op, "eps", eps, "logStd", logStd);
        LossShapes.requireLike(op, "du", du, "logStd", logStd);
        LossShapes.optionalLike(op, "dmean", dmean, "logStd", logStd);
        LossShapes.optionalLike(op, "dlogStd", dlogStd, "logStd", logStd);
        DistributionGaussian.sampleBackward(logStd, eps, du, dmean, dlogStd);
    }

    @Override
    public void gaussianLogProbForward(Tensor eps, Tensor logStd, Tensor out) {
        String op = "gaussianLogProbForward";
        LossShapes.requireF32(op, "eps", eps);
        LossShapes.requireLike(op, "logStd", logStd, "eps", eps);
        int rows = LossShapes.rows(op, "eps", eps);
        LossShapes.requirePerRowF32(op, "out", out, "eps", eps);
        DistributionGaussian.logProbForward(eps, logStd, out, rows, eps.dim(-1));
    }

    @Override
    public void gaussianLogProbBackward(Tensor dout, Tensor dlogStd) {
        String op = "gaussianLogProbBackward";
        if (dlogStd == null) {
            return;
        }
        LossShapes.requireF32(op, "dlogStd", dlogStd);
        int rows = LossShapes.rows(op, "dlogStd", dlogStd);
        LossShapes.requirePerRowF32(op, "dout", dout, "dlogStd", dlogStd);
        DistributionGaussian.logProbBackward(dout, dlogStd, rows, dlogStd.dim(-1));
    }

    @Override
    public void tanhSquashForward(Tensor u, Tensor action, Tensor logDetJacobian) {
        String op = "tanhSquashForward";
        LossShapes.requireF32(op, "u", u);
        LossShapes.requireLike(op, "action", action, "u", u);
        int rows = LossShapes.rows(op, "u", u);
        LossShapes.requirePerRowF32(op, "logDetJacobian", logDetJacobian, "u", u);
        DistributionTanhSquash.forward(u, action, logDetJacobian, rows, u.dim(-1));
    }

    @Override
    public void tanhSquashBackward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du) {
        String op = "tanhSquashBackward";
        LossShapes.requireF32(op, "action", action);
        LossShapes.optionalLike(op, "daction", daction, "action", action);
        int rows = LossShapes.rows(op, "action", action);
        if (dlogDet != null) {
            LossShapes.requirePerRowF32(op, "dlogDet", dlogDet, "action", action);
        }
        if (du == null || (daction == null && dlogDet == null)) {
            return;
        }
        LossShapes.requireLike(op, "du", du, "action", action);
        DistributionTanhSquash.backward(action, daction, dlogDet, du, rows, action.dim(-1));
    }
}
