package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.autograd.ConvFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.NormFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.nn.Init;
import org.mbrl4j.nn.Linear;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.tensor.Tensor;

/**
 * TD-MPC2's encoder of pixel observations ({@code tdmpc2/common/layers.py: conv}, docs/pixels.md#encoder):
 * x/255 − 0.5 (PixelPreprocess), four convolutions of {@code num_channels} (k7/s2, k5/s2, k3/s2, k3/s1;
 * ReLU after the first three, none after the last, as the reference), flatten, SimNorm. The reference
 * works only when the flattened features equal latent_dim (num_channels·16 = 512 on 64×64 frames);
 * with other sizes a linear layer (trunc-normal init as every TD-MPC2 linear) maps the features to
 * latent_dim before SimNorm. Conv weights and biases keep PyTorch's default init, as the reference:
 * U(−1/√fanIn, 1/√fanIn) with fanIn = Ci·Kh·Kw. The random-shift augmentation is not part of it: the
 * update applies it to the observations ({@link ShiftAug}).
 *
 * <p>Shapes: obs (..., Ch·Hp·Wp) byte values 0..255 as f32 → latent (..., L).
 */
final class PixelEncoder {
    private static final float INV_255 = 1f / 255f;

    private final PixelEncoderDims dims;
    private final int latentDim;
    private final int simnormDim;
    /** (Co, Ci, Kh, Kw) and (Co) per layer. */
    private final Tensor[] weights;
    private final Tensor[] biases;
    /** Null when the features are the latent (the reference's case). */
    private final Linear projection;

    PixelEncoder(Parameters.Scope scope, PixelEncoderDims dims, int latentDim, int simnormDim) {
        this.dims = dims;
        this.latentDim = latentDim;
        this.simnormDim = simnormDim;
        int layers = PixelEncoderDims.KERNELS.length;
        weights = new Tensor[layers];
        biases = new Tensor[layers];
        int in = dims.frameChannels();
        for (int i = 0; i < layers; i++) {
            int k = PixelEncoderDims.KERNELS[i];
            Init pytorchDefault = new Init.Uniform((float) (1 / Math.sqrt((double) in * k * k)));
            Parameters.Scope layer = scope.scope("conv" + i);
            weights[i] = layer.create("weight", pytorchDefault, dims.numChannels(), in, k, k);
            biases[i] = layer.create("bias", pytorchDefault, dims.numChannels());
            in = dims.numChannels();
        }
        projection = dims.features() == latentDim ? null
                : Linear.plain(scope.scope("projection"), dims.features(), latentDim, Init.TruncatedNormal.TDMPC2);
    }

    PixelEncoderDims dims() {
        return dims;
    }

    /** z = h(o) for obs (..., Ch·Hp·Wp) → (..., L). */
    Tensor forward(Pass p, Tensor obs) {
        Graph g = p.graph();
        int o = dims.obsDim();
        if (obs.dim(-1) != o) {
            throw new IllegalArgumentException("PixelEncoder: obs last dim " + obs.dim(-1) + " != Ch·Hp·Wp = " + o);
        }
        int m = Math.toIntExact(obs.numel() / o);
        Tensor x = g.view(obs, m, dims.frameChannels(), dims.height(), dims.width());
        x = PointwiseFn.add(g, PointwiseFn.scale(g, x, INV_255), g.constant(new float[] {-0.5f}, 1));
        for (int i = 0; i < weights.length; i++) {
            x = ConvFn.conv2d(g, x, p.param(weights[i]), p.param(biases[i]), PixelEncoderDims.STRIDES[i]);
            if (i < weights.length - 1) {
                x = PointwiseFn.relu(g, x);
            }
        }
        Tensor features = g.view(x, m, dims.features());
        if (projection != null) {
            features = projection.forward(p, features);
        }
        int[] shape = obs.shape();
        shape[shape.length - 1] = latentDim;
        return g.view(NormFn.simNorm(g, features, simnormDim), shape);
    }
}
