package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.tensor.Tensor;

/**
 * One reparameterized draw of the policy prior π(·|z) (docs/tdmpc2.md#policy-prior), shapes (..., A) or (...).
 *
 * @param action tanh(mean + eps·exp(logStd)), in (-1, 1)
 * @param meanAction tanh(mean): the deterministic action
 * @param logStd the bounded log-std
 * @param logProb the squashed log-probability lp − Σ ln(relu(1 − a²) + 1e-6)
 * @param scaledEntropy −A·lp with lp the pre-squash Gaussian log-prob: the reference's
 *     {@code -lp_sq · (lp·A)/(lp_sq + 1e-8)} equals this up to 1e-8 in value and gradient
 */
public record PolicySample(Tensor action, Tensor meanAction, Tensor logStd, Tensor logProb, Tensor scaledEntropy) {}
