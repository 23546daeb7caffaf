package org.mbrl4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a training run did.
 *
 * @param steps        agent steps done (the loop ran steps 0..config steps)
 * @param updates      gradient updates done, pretraining included
 * @param episodes     training episodes started
 * @param evals        the evaluations of this process, in order
 * @param checkpoint   the final checkpoint, when save_agent
 */
public record TrainResult(long steps, long updates, long episodes, List<EvalResult> evals, RunDirectory dir,
        Optional<Path> checkpoint) {
    public TrainResult {
        evals = List.copyOf(evals);
    }
}
