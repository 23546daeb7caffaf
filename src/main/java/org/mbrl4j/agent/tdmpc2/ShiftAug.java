package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.PixelFn;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * Random-shift augmentation of pixel observations for the update (docs/pixels.md#augmentation): each
 * frame stack is replicate-padded by {@value #PAD} pixels and cropped back at a uniformly drawn offset,
 * i.e. shifted by (dy, dx) in [−4, 4]² (DrQ, Kostrikov et al. 2021). The
 * reference's ShiftAug pads by 3 and shifts by bilinear grid_sample, and also while acting; here the
 * shift is an integer crop and acting sees the frames as rendered.
 */
final class ShiftAug {
    private ShiftAug() {}

    /** Replicate padding in pixels: shifts lie in [−PAD, PAD]. */
    static final int PAD = 4;

    /** obs (..., Ch·Hp·Wp) with every observation shifted on its own, drawing from {@code rng}. */
    static Tensor apply(Graph g, Tensor obs, PixelEncoderDims dims, Rng rng) {
        int m = Math.toIntExact(obs.numel() / dims.obsDim());
        Tensor frames = g.view(obs, m, dims.frameChannels(), dims.height(), dims.width());
        Tensor shifted = PixelFn.randomShift(g, frames, rng.reserve(PixelFn.shiftDraws(m)), PAD);
        return g.view(shifted, obs.shape());
    }
}
