package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/**
 * 2-D convolution and transposed convolution, valid padding, one stride for both spatial axes, as
 * PlaNet's encoder (4×4, stride 2) and decoder (5×5 and 6×6 transposed, stride 2) use them
 * (Hafner et al. 2019, PlaNet, appendix A; PyTorch {@code nn.Conv2d} / {@code nn.ConvTranspose2d} with
 * padding 0, dilation 1, groups 1).
 *
 * <p>Layout NCHW, weights as PyTorch stores them: PlaNet's encoder/decoder and its reference
 * implementation are NCHW, so checkpoints and equations carry over unchanged, and the CPU backend's
 * im2col + GEMM reads each channel plane contiguously. A channel-contiguous NHWC layout would favour
 * tensor-core kernels later (the reduction dim Ci contiguous); that is a layout op away.
 *
 * <p>Dims (docs/dims.md#op-dims): M images (every leading dim flattened, e.g. T·B frames), Ci and Co
 * channels in and out, Hi, Wi and Ho, Wo the spatial sizes in and out, Kh, Kw the kernel, s the stride.
 * Backward methods accumulate ({@code +=}) into every non-null gradient, as {@link DenseOps} does.
 */
public interface ConvOps {

    /**
     * y[m, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q] · x[m, c, i·s + p, j·s + q] for x (M, Ci, Hi, Wi),
     * w (Co, Ci, Kh, Kw), b (Co) or null, y (M, Co, Ho, Wo), Ho = (Hi − Kh)/s + 1 (floor), likewise Wo.
     * y's previous contents are ignored.
     */
    void conv2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y);

    /**
     * Backward of {@link #conv2dForward}: dx (M, Ci, Hi, Wi) += the transposed convolution of dy with w,
     * dw (Co, Ci, Kh, Kw) += Σ_m dy[m] ⋆ x[m], db (Co) += Σ_{m, i, j} dy. Any gradient may be null.
     */
    void conv2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db);

    /**
     * y[m, o, i·s + p, j·s + q] += Σ_c x[m, c, i, j] · w[c, o, p, q] over every (i, j, p, q), plus b[o], for
     * x (M, Ci, Hi, Wi), w (Ci, Co, Kh, Kw), b (Co) or null, y (M, Co, Ho, Wo), Ho = (Hi − 1)·s + Kh,
     * likewise Wo: the adjoint of {@link #conv2dForward} with that weight. y's previous contents are ignored.
     */
    void convTranspose2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y);

    /**
     * Backward of {@link #convTranspose2dForward}: dx (M, Ci, Hi, Wi) += the convolution of dy with w,
     * dw (Ci, Co, Kh, Kw) += Σ_m x[m] ⋆ dy[m], db (Co) += Σ_{m, i, j} dy. Any gradient may be null.
     */
    void convTranspose2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db);
}
