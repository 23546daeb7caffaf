package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.DistributionContract;
import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link DistributionOps}: {@link DistributionContract} checks the arguments,
 * then {@link DistributionGaussian} and {@link DistributionTanhSquash} compute. Per-element tensors
 * are {@code (..., A)}; per-row tensors {@code (...)}.
 */
final class CpuDistributionOps implements DistributionOps {

    @Override
    public void gaussianSampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u) {
        DistributionContract.gaussianSampleForward(mean, logStd, eps, u);
        DistributionGaussian.sampleForward(mean, logStd, eps, u);
    }

    @Override
    public void gaussianSampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd) {
        DistributionContract.gaussianSampleBackward(logStd, eps, du, dmean, dlogStd);
        DistributionGaussian.sampleBackward(logStd, eps, du, dmean, dlogStd);
    }

    @Override
    public void gaussianLogProbForward(Tensor eps, Tensor logStd, Tensor out) {
        int rows = DistributionContract.gaussianLogProbForward(eps, logStd, out);
        DistributionGaussian.logProbForward(eps, logStd, out, rows, eps.dim(-1));
    }

    @Override
    public void gaussianLogProbBackward(Tensor dout, Tensor dlogStd) {
        int rows = DistributionContract.gaussianLogProbBackward(dout, dlogStd);
        if (dlogStd != null) {
            DistributionGaussian.logProbBackward(dout, dlogStd, rows, dlogStd.dim(-1));
        }
    }

    @Override
    public void tanhSquashForward(Tensor u, Tensor action, Tensor logDetJacobian) {
        int rows = DistributionContract.tanhSquashForward(u, action, logDetJacobian);
        DistributionTanhSquash.forward(u, action, logDetJacobian, rows, u.dim(-1));
    }

    @Override
    public void tanhSquashBackward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du) {
        int rows = DistributionContract.tanhSquashBackward(action, daction, dlogDet, du);
        if (du != null && (daction != null || dlogDet != null)) {
            DistributionTanhSquash.backward(action, daction, dlogDet, du, rows, action.dim(-1));
        }
    }
}
