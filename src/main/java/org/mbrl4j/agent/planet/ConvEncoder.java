package org.mbrl4j.agent.planet;

import org.mbrl4j.autograd.ConvFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet's image encoder (conv_ha, ecosystem-facts §A.3): four conv layers, kernel 4, stride 2, valid
 * padding, ReLU, with depth·{1, 2, 4, 8} channels; 64 → 31 → 14 → 6 → 2 pixels, flattened to
 * 2·2·8·depth = 32·depth features (1024 at PlaNet's depth 32).
 */
final class ConvEncoder {
    static final int SIZE = 64;
    static final int KERNEL = 4;
    static final int STRIDE = 2;

    private final Tensor[][] convs = new Tensor[4][];
    private final int depth;

    ConvEncoder(Parameters.Scope scope, int depth) {
        this.depth = depth;
        int in = 3;
        for (int i = 0; i < 4; i++) {
            int out = depth << i;
            convs[i] = Layers.conv(scope, "conv" + i, in, out, KERNEL);
            in = out;
        }
    }

    /** The embedding size, 32·depth. */
    int embedSize() {
        return 32 * depth;
    }

    /** Preprocessed frames (M, 3, 64, 64) → embeddings (M, 32·depth). */
    Tensor forward(Pass p, Tensor frames) {
        Graph g = p.graph();
        int m = frames.dim(0);
        Shapes.requireShape("PlaNet encoder", "frames", frames, m, 3, SIZE, SIZE);
        Tensor x = frames;
        for (Tensor[] c : convs) {
            x = Layers.relu(p, ConvFn.conv2d(g, x, p.param(c[0]), p.param(c[1]), STRIDE));
        }
        return g.view(x, m, embedSize());
    }
}
