package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/**
 * The squashed Gaussian of the TD-MPC2 policy prior (tdmpc2 common/math.py: gaussian_logprob, squash).
 * Shapes: (M, A) per element, (M) per row.
 */
public interface DistributionOps {

    /** Reparameterized sample: u = mean + eps · exp(logStd). */
    void gaussianSampleForward(Tensor mean, Tensor logStd, Tensor eps, Tensor u);

    /** dmean += du; dlogStd += du · eps · exp(logStd). */
    void gaussianSampleBackward(Tensor logStd, Tensor eps, Tensor du, Tensor dmean, Tensor dlogStd);

    /** out (M) = Σ_i (-0.5 eps_i^2 - logStd_i) - A · 0.5 ln(2π), with eps held constant. */
    void gaussianLogProbForward(Tensor eps, Tensor logStd, Tensor out);

    /** dlogStd_i += -dout. */
    void gaussianLogProbBackward(Tensor dout, Tensor dlogStd);

    /**
     * action = tanh(u); logDetJacobian (M) = Σ_i ln(relu(1 - action_i^2) + 1e-6), the term squash
     * subtracts from the log-prob.
     */
    void tanhSquashForward(Tensor u, Tensor action, Tensor logDetJacobian);

    /** du += daction · (1 - a^2) + dlogDet · d/du ln(relu(1 - a^2) + 1e-6); either upstream may be null. */
    void tanhSquashBackward(Tensor action, Tensor daction, Tensor dlogDet, Tensor du);
}
