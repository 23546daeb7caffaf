package org.mbrl4j.agent.planet;

import org.mbrl4j.autograd.ConvFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet's image decoder (conv_ha, ecosystem-facts §A.3): a dense layer (no activation) to 32·depth
 * values as a 1×1 image, then transposed convs of 4·depth (k5), 2·depth (k5), depth (k6) channels with
 * ReLU and 3 (k6) without, all stride 2: 1 → 5 → 13 → 30 → 64 pixels. The output is the mean of the
 * unit-variance Gaussian over the preprocessed frame.
 */
final class ConvDecoder {
    private static final int[] KERNELS = {5, 5, 6, 6};
    private static final int STRIDE = 2;

    private final Tensor[] dense;
    private final Tensor[][] deconvs = new Tensor[4][];
    private final int depth;

    ConvDecoder(Parameters.Scope scope, int featureSize, int depth) {
        this.depth = depth;
        this.dense = Layers.dense(scope, "dense", featureSize, 32 * depth);
        int[] channels = {32 * depth, 4 * depth, 2 * depth, depth, 3};
        for (int i = 0; i < 4; i++) {
            deconvs[i] = Layers.deconv(scope, "deconv" + i, channels[i], channels[i + 1], KERNELS[i]);
        }
    }

    /** Features (M, F) → frame means (M, 3, 64, 64). */
    Tensor forward(Pass p, Tensor features) {
        Graph g = p.graph();
        int m = features.dim(0);
        Tensor x = g.view(Layers.linear(p, features, dense), m, 32 * depth, 1, 1);
        for (int i = 0; i < 4; i++) {
            x = ConvFn.convTranspose2d(g, x, p.param(deconvs[i][0]), p.param(deconvs[i][1]), STRIDE);
            if (i < 3) {
                x = Layers.relu(p, x);
            }
        }
        return x;
    }
}
