package org.mbrl4j.agent.planner;

import java.util.Objects;
import org.mbrl4j.tensor.Tensor;

/**
 * A scorer's verdict on the E candidates of one iteration (arena tensors).
 *
 * @param valuesUnscaled (E): the predicted returns (MPPI: compute_values_head0; CEM: Σ_t r_t)
 * @param valuesScaled (E): equal to the unscaled values (docs/planner.md defers scaling)
 * @param disagreements (E), or null when none is computed
 * @param combined (E): the scores the elites are ranked and weighted by
 */
public record CandidateScores(Tensor valuesUnscaled, Tensor valuesScaled, Tensor disagreements, Tensor combined) {

    public CandidateScores {
        Objects.requireNonNull(valuesUnscaled, "valuesUnscaled");
        Objects.requireNonNull(valuesScaled, "valuesScaled");
        Objects.requireNonNull(combined, "combined");
    }
}
