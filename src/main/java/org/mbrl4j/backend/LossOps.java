package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/**
 * Losses and the two-hot discrete regression of TD-MPC2 (tdmpc2 common/math.py). Losses are
 * per row (no batch reduction): callers weight by rho^t and reduce with {@link ReduceOps}.
 */
public interface LossOps {

    /** out (M) = mean over the last dim of (pred - target)^2. */
    void mseForward(Tensor pred, Tensor target, Tensor out);

    /** dpred += dout * 2 (pred - target) / F; dtarget gets the negative (either may be null). */
    void mseBackward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget);

    /** Elementwise BCE with logits: out = max(x,0) - x*t + log(1 + exp(-|x|)). */
    void bceWithLogitsForward(Tensor logits, Tensor target, Tensor out);

    /** dlogits += dout * (sigmoid(x) - t). */
    void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits);

    /**
     * out (M, V) = two_hot(x (M)): y = clamp(symlog(x), vmin, vmax), k = floor((y - vmin)/binSize),
     * f = (y - vmin)/binSize - k; weight 1-f on bin k and f on bin (k+1) mod V.
     */
    void twoHotEncode(Tensor x, Bins bins, Tensor out);

    /** out (M) = -Σ_j two_hot(target)_j · log_softmax(logits)_j, logits (M, V), target (M) raw scalars. */
    void twoHotSoftCeForward(Tensor logits, Tensor target, Bins bins, Tensor out);

    /** dlogits += dout_r · (softmax(logits_r) - two_hot(target_r)). */
    void twoHotSoftCeBackward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits);

    /** out (M) = symexp(Σ_j softmax(logits)_j · center_j) (tdmpc2 two_hot_inv). */
    void twoHotExpectationForward(Tensor logits, Bins bins, Tensor out);

    /** With m = Σ p_j c_j: dlogits_j += dout · exp(|m|) · p_j (c_j - m). */
    void twoHotExpectationBackward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits);
}
