package org.mbrl4j.nn;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.rng.Rng;

/**
 * One forward pass: the graph that records it, the mode, and the Philox stream that dropout masks
 * are reserved from (each masked layer reserves exactly the blocks its mask needs, so a pass is
 * reproducible from the stream's counter).
 */
public record Pass(Graph graph, Mode mode, Rng dropoutRng) {

    /** The dropout of a layer whose pre-activation has {@code numel} elements; null when none applies. */
    public DropoutSpec dropout(float p, long numel) {
        if (mode == Mode.EVAL || p == 0f) {
            return null;
        }
        return new DropoutSpec(p, dropoutRng.reserve(numel));
    }

    public Pass withMode(Mode m) {
        return new Pass(graph, m, dropoutRng);
    }
}
