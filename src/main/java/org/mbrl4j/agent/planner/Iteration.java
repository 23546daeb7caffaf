package org.mbrl4j.agent.planner;

import org.mbrl4j.tensor.Tensor;

/**
 * One pass of the iteration loop, as arena tensors (valid until the caller resets the graph).
 *
 * @param actionsCat (C, T, A): the fixed candidates (policy seeds) first, then the Gaussian samples
 * @param latentsCat (D, C, T+1, L)
 * @param scores the scorer's values, disagreements and combined scores (C)
 * @param refit steps 8-10: elites, weights and the refit mean and std
 */
record Iteration(Tensor actionsCat, Tensor latentsCat, CandidateScores scores, EliteRefit.Refit refit) {}
