package org.mbrl4j.nn;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.rng.Rng;

/**
 * One forward pass: the graph that records it, the mode, and the Philox stream that dropout masks
 * are reserved from (each masked layer reserves exactly the blocks its mask needs, so a pass is
 * reproducible from the stream's counter).
 */
public record Pass(Graph graph, Mode mode, Rng dropoutRng, ParamGrad paramGrad) {

    /** Whether gradients reach the parameters of the modules run in this pass. */
    public enum ParamGrad {
        /** Parameters take part in autograd (the normal case). */
        TRACK,
        /**
         * Parameters are read as constants: no gradient reaches them, but gradients still flow to the
         * inputs (tdmpc2's detached Q copies in the policy loss, docs/tdmpc2.md#target-and-detached-q).
         */
        DETACH
    }

    public Pass(Graph graph, Mode mode, Rng dropoutRng) {
        this(graph, mode, dropoutRng, ParamGrad.TRACK);
    }

    /** The tensor a module should compute with for parameter {@code p}. */
    public org.mbrl4j.tensor.Tensor param(org.mbrl4j.tensor.Tensor p) {
        return paramGrad == ParamGrad.DETACH ? p.detach() : p;
    }

    public Pass detachParams() {
        return new Pass(graph, mode, dropoutRng, ParamGrad.DETACH);
    }

    /** The dropout of a layer whose pre-activation has {@code numel} elements; null when none applies. */
    public DropoutSpec dropout(float p, long numel) {
        if (mode == Mode.EVAL || p == 0f) {
            return null;
        }
        return new DropoutSpec(p, dropoutRng.reserve(numel));
    }

    public Pass withMode(Mode m) {
        return new Pass(graph, m, dropoutRng, paramGrad);
    }
}
