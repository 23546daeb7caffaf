package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link DistributionOps}. */
final class CpuDistributionOps implements DistributionOps {

    @Override
    public void gaussianSampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u) {
        throw new UnsupportedOperationException("cpu gaussianSampleForward: not implemented yet");
    }

    @Override
    public void gaussianSampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd) {
        throw new UnsupportedOperationException("cpu gaussianSampleBackward: not implemented yet");
    }

    @Override
    public void gaussianLogProbForward(Tensor eps, Tensor logStd, Tensor out) {
        throw new UnsupportedOperationException("cpu gaussianLogProbForward: not implemented yet");
    }

    @Override
    public void gaussianLogProbBackward(Tensor dout, Tensor dlogStd) {
        throw new UnsupportedOperationException("cpu gaussianLogProbBackward: not implemented yet");
    }

    @Override
    public void tanhSquashForward(Tensor u, Tensor action, Tensor logDetJacobian) {
        throw new UnsupportedOperationException("cpu tanhSquashForward: not implemented yet");
    }

    @Override
    public void tanhSquashBackward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du) {
        throw new UnsupportedOperationException("cpu tanhSquashBackward: not implemented yet");
    }

}
