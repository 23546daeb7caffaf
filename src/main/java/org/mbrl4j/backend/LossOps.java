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

    /**
     * Unit-variance Gaussian negative log-likelihood per row (PlaNet's image and reward losses):
     * out (M) = ½ Σ_c (target - mean)² + ½·F·ln 2π, with ½·ln 2π = {@code ScalarMath.HALF_LOG_TWO_PI}.
     */
    void unitGaussianNllForward(Tensor mean, Tensor target, Tensor out);

    /** dmean += dout · (mean - target); dtarget gets the negative (either may be null). */
    void unitGaussianNllBackward(Tensor mean, Tensor target, Tensor dout, Tensor dmean, Tensor dtarget);

    /**
     * KL between diagonal Gaussians with free nats, per row (PlaNet's divergence loss, posterior q and
     * prior p, parameterized by std σ = softplus(·) + min_std as the RSSM produces it):
     * kl_r = Σ_j ln(σp/σq) + (σq² + (μq - μp)²) / (2σp²) - ½, out_r = max(kl_r, freeNats).
     */
    void gaussianKlForward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out);

    /**
     * Gradients of {@link #gaussianKlForward} given its out: zero in a row where the clamp binds
     * (out_r <= freeNats), else with d = μq - μp and g = dout_r: dμq += g·d/σp², dμp -= g·d/σp²,
     * dσq += g·(σq/σp² - 1/σq), dσp += g·(1/σp - (σq² + d²)/σp³). Any gradient may be null.
     */
    void gaussianKlBackward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out,
            Tensor dout, Tensor dmuQ, Tensor dstdQ, Tensor dmuP, Tensor dstdP);

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
