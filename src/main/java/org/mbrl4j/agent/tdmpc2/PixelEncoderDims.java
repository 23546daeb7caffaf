package org.mbrl4j.agent.tdmpc2;

import java.util.Optional;
import org.mbrl4j.backend.ConvDims;
import org.mbrl4j.env.ObsDType;
import org.mbrl4j.env.ObsSpec;

/**
 * The sizes of TD-MPC2's pixel encoder (docs/pixels.md#encoder): the observation's frames
 * (Ch, Hp, Wp), stacked frames counted in Ch, and the {@code num_channels} of every conv layer.
 * The layers are the reference's ({@code tdmpc2/common/layers.py: conv}): kernels 7, 5, 3, 3 with
 * strides 2, 2, 2, 1, valid padding, so a 64×64 frame becomes 29, 13, 6 and finally 4×4 per channel.
 *
 * @param frameChannels Ch, the observation's channels (3 per stacked RGB frame)
 * @param height Hp
 * @param width Wp
 * @param numChannels the channels of every conv layer
 */
public record PixelEncoderDims(int frameChannels, int height, int width, int numChannels) {
    /** Kernel side and stride of each conv layer (the reference's conv(): k7/s2, k5/s2, k3/s2, k3/s1). */
    static final int[] KERNELS = {7, 5, 3, 3};
    static final int[] STRIDES = {2, 2, 2, 1};

    public PixelEncoderDims {
        if (frameChannels < 1 || numChannels < 1) {
            throw new IllegalArgumentException("PixelEncoderDims: frame channels " + frameChannels
                    + " and num_channels " + numChannels + " must be >= 1");
        }
        int h = height, w = width;
        for (int i = 0; i < KERNELS.length; i++) {
            if (h < KERNELS[i] || w < KERNELS[i]) {
                throw new IllegalArgumentException("PixelEncoderDims: frames " + height + "×" + width + " shrink to "
                        + h + "×" + w + " before conv layer " + (i + 1) + " (kernel " + KERNELS[i]
                        + "); the encoder needs frames of at least 36×36 (the reference renders 64×64)");
            }
            h = ConvDims.validOut(h, KERNELS[i], STRIDES[i]);
            w = ConvDims.validOut(w, KERNELS[i], STRIDES[i]);
        }
    }

    /** The encoder of u8 frame observations (Ch, Hp, Wp); empty for state vectors. */
    public static Optional<PixelEncoderDims> of(ObsSpec obs, int numChannels) {
        int[] s = obs.shape();
        if (obs.dtype() != ObsDType.U8 || s.length != 3) {
            return Optional.empty();
        }
        return Optional.of(new PixelEncoderDims(s[0], s[1], s[2], numChannels));
    }

    /** Elements of one observation: Ch·Hp·Wp. */
    public int obsDim() {
        return frameChannels * height * width;
    }

    /** (Ho, Wo) after the last conv layer: 4×4 for 64×64 frames. */
    public int[] outputSize() {
        int h = height, w = width;
        for (int i = 0; i < KERNELS.length; i++) {
            h = ConvDims.validOut(h, KERNELS[i], STRIDES[i]);
            w = ConvDims.validOut(w, KERNELS[i], STRIDES[i]);
        }
        return new int[] {h, w};
    }

    /** The flattened conv features: num_channels·Ho·Wo (512 for 32 channels on 64×64 frames). */
    public int features() {
        int[] o = outputSize();
        return numChannels * o[0] * o[1];
    }

    /** One line for the run banner: the layers and where the features go. */
    public String describe(int latentDim) {
        StringBuilder sb = new StringBuilder("conv ");
        int in = frameChannels;
        for (int i = 0; i < KERNELS.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(in).append("→").append(numChannels).append(" k").append(KERNELS[i])
                    .append("s").append(STRIDES[i]);
            in = numChannels;
        }
        int[] o = outputSize();
        sb.append("; ").append(features()).append(" features (").append(numChannels).append("·").append(o[0])
                .append("·").append(o[1]).append(")");
        return sb.append(features() == latentDim ? " = latent_dim, then SimNorm (the reference)"
                : " → linear to latent_dim " + latentDim + ", then SimNorm (the reference needs latent_dim = features)")
                .toString();
    }
}
