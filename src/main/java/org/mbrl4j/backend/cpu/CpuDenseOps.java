package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link DenseOps}. */
final class CpuDenseOps implements DenseOps {

    @Override
    public void gemm(Tensor a, Transpose ta, Tensor b, Transpose tb, Tensor c, float alpha, float beta) {
        throw new UnsupportedOperationException("cpu gemm: not implemented yet");
    }

    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        throw new UnsupportedOperationException("cpu linearForward: not implemented yet");
    }

    @Override
    public void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        throw new UnsupportedOperationException("cpu linearBackward: not implemented yet");
    }

    @Override
    public void ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        throw new UnsupportedOperationException("cpu ensembleLinearForward: not implemented yet");
    }

    @Override
    public void ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        throw new UnsupportedOperationException("cpu ensembleLinearBackward: not implemented yet");
    }

    @Override
    public void fusedLayerForward(Tensor x, Tensor w, Tensor b, DenseOps.DropoutSpec dropout, Tensor gamma, Tensor beta, float eps, Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd) {
        throw new UnsupportedOperationException("cpu fusedLayerForward: not implemented yet");
    }

    @Override
    public void fusedLayerBackward(Tensor x, Tensor w, DenseOps.DropoutSpec dropout, Tensor gamma, Tensor beta, Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dw, Tensor db, Tensor dgamma, Tensor dbeta) {
        throw new UnsupportedOperationException("cpu fusedLayerBackward: not implemented yet");
    }

}
