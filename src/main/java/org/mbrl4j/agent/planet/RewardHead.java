package org.mbrl4j.agent.planet;

import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.tensor.Tensor;

/**
 * The reward head: an MLP of {@code layers} × {@code units} ReLU layers on the features [s, h] and a
 * linear output, the mean of a unit-variance Gaussian over the reward (the code's feed_forward head,
 * 3 × 300; the paper's text says 2 × 200 for "other MLPs", docs/planet.md#model says why the code's).
 */
final class RewardHead {
    private final Tensor[][] hidden;
    private final Tensor[] out;

    RewardHead(Parameters.Scope scope, int featureSize, int units, int layers) {
        hidden = new Tensor[layers][];
        int in = featureSize;
        for (int i = 0; i < layers; i++) {
            hidden[i] = Layers.dense(scope, "fc" + i, in, units);
            in = units;
        }
        out = Layers.dense(scope, "out", in, 1);
    }

    /** Features (M, F) → reward means (M). */
    Tensor forward(Pass p, Tensor features) {
        Tensor x = features;
        for (Tensor[] layer : hidden) {
            x = Layers.relu(p, Layers.linear(p, x, layer));
        }
        return p.graph().view(Layers.linear(p, x, out), features.dim(0));
    }
}
