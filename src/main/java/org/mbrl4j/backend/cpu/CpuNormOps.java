package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.NormOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link NormOps}. */
final class CpuNormOps implements NormOps {

    @Override
    public void layerNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        throw new UnsupportedOperationException("cpu layerNormForward: not implemented yet");
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dgamma, Tensor dbeta) {
        throw new UnsupportedOperationException("cpu layerNormBackward: not implemented yet");
    }

    @Override
    public void simNormForward(Tensor x, int groupSize, Tensor y) {
        throw new UnsupportedOperationException("cpu simNormForward: not implemented yet");
    }

    @Override
    public void simNormBackward(Tensor y, int groupSize, Tensor dy, Tensor dx) {
        throw new UnsupportedOperationException("cpu simNormBackward: not implemented yet");
    }

    @Override
    public void softmaxForward(Tensor x, Tensor y) {
        throw new UnsupportedOperationException("cpu softmaxForward: not implemented yet");
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        throw new UnsupportedOperationException("cpu softmaxBackward: not implemented yet");
    }

    @Override
    public void logSoftmaxForward(Tensor x, Tensor y) {
        throw new UnsupportedOperationException("cpu logSoftmaxForward: not implemented yet");
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        throw new UnsupportedOperationException("cpu logSoftmaxBackward: not implemented yet");
    }

}
