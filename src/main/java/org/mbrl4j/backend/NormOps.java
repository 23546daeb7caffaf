package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/** Normalizations over the last dimension (F). Rows are all leading dims flattened (M). */
public interface NormOps {

    /**
     * y = (x - mean) * rstd * gamma + beta over the last dim (biased variance, PyTorch LayerNorm);
     * saves mean (M) and rstd = 1/sqrt(var + eps) (M).
     */
    void layerNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd);

    void layerNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dgamma,
            Tensor dbeta);

    /** SimNorm: softmax within consecutive groups of {@code groupSize} along the last dim (F % groupSize == 0). */
    void simNormForward(Tensor x, int groupSize, Tensor y);

    void simNormBackward(Tensor y, int groupSize, Tensor dy, Tensor dx);

    /** Softmax over the last dim, max-subtracted. */
    void softmaxForward(Tensor x, Tensor y);

    void softmaxBackward(Tensor y, Tensor dy, Tensor dx);

    void logSoftmaxForward(Tensor x, Tensor y);

    /** dx += dy - softmax * Σ dy, with softmax = exp(y). */
    void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx);
}
