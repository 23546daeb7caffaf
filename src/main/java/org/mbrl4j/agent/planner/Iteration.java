package org.mbrl4j.agent.planner;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.tensor.Tensor;

/**
 * One pass of the iteration loop for one episode, as arena tensors (valid until the caller resets the graph).
 *
 * @param actionsCat (C, T, A): the fixed candidates (policy seeds) first, then the Gaussian samples
 * @param latentsAll (D, E·C, T+1, L): the candidates of every episode planned together; null when the
 *     candidates were rolled out in blocks on a step without detailed infos (nothing reads them then)
 * @param first this episode's first candidate in {@code latentsAll} (e·C)
 * @param candidates C
 * @param scores the scorer's values, disagreements and combined scores (C)
 * @param refit steps 8-10: elites, weights and the refit mean and std
 */
record Iteration(Tensor actionsCat, Tensor latentsAll, int first, int candidates, CandidateScores scores,
        EliteRefit.Refit refit) {

    /** latents_cat (D, C, T+1, L) of this episode (a copy when several episodes were planned together). */
    Tensor latentsCat(Graph g) {
        return first == 0 && candidates == latentsAll.dim(1) ? latentsAll
                : LayoutFn.slice(g, latentsAll, 1, first, candidates);
    }
}
