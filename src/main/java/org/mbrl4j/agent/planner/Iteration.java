package org.mbrl4j.agent.planner;

import org.mbrl4j.tensor.Tensor;

/**
 * One pass of the spec 000 iteration loop, as arena tensors (valid until the caller resets the graph).
 *
 * @param actionsCat (E, T, A): policy seeds first, then the Gaussian samples
 * @param latentsCat (H, E, T+1, L)
 * @param values head-0 values (E)
 * @param disagreements (E), or null (evaluation, or H = 1)
 * @param scores (E): combine_scores of values and disagreements
 * @param refit steps 8-10: elites, weights and the refit mean and std
 */
record Iteration(Tensor actionsCat, Tensor latentsCat, Scoring.Values values, Tensor disagreements, Tensor scores,
        EliteRefit.Refit refit) {}
