package org.mbrl4j.agent.planner;

import java.util.Objects;
import org.mbrl4j.tensor.Tensor;

/**
 * A scorer's verdict on the C candidates of one iteration (arena tensors).
 *
 * @param valuesUnscaled (C): the predicted returns (MPPI: compute_values_head0; CEM: Σ_t r_t)
 * @param valuesScaled (C): equal to the unscaled values (docs/planner.md defers scaling)
 * @param disagreements (C), or null when none is computed
 * @param combined (C): the scores the elites are ranked and weighted by
 */
public record CandidateScores(Tensor valuesUnscaled, Tensor valuesScaled, Tensor disagreements, Tensor combined) {

    public CandidateScores {
        Objects.requireNonNull(valuesUnscaled, "valuesUnscaled");
        Objects.requireNonNull(valuesScaled, "valuesScaled");
        Objects.requireNonNull(combined, "combined");
    }
}
