package org.mbrl4j.backend;

import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * The pixel pipeline between u8 frames and an image encoder (docs/pixels.md#ops): random-shift
 * augmentation and PlaNet's bit-depth preprocessing. Frames arrive as f32 tensors holding the byte
 * values 0..255, layout NCHW as {@link ConvOps}. Neither op has a backward: both act on observations,
 * which need no gradient.
 *
 * <p>Dims (docs/dims.md#op-dims): M images of Ci channels, Hi × Wi pixels (the convolution's input dims); numel a flat count.
 */
public interface PixelOps {

    /**
     * Random-shift augmentation with replicate padding (DrQ, Kostrikov et al. 2021; TD-MPC2's
     * {@code ShiftAug}): pad each image by replicating its border, then crop the original size at an
     * offset, which is the same as reading every pixel at a clamped, shifted position:
     * y[m, c, i, j] = x[m, c, clamp(i + dy_m, 0, Hi − 1), clamp(j + dx_m, 0, Wi − 1)] with
     * (dy_m, dx_m) = shifts[m]. x (M, Ci, Hi, Wi), shifts (M, 2) I32, y (M, Ci, Hi, Wi). A shift in
     * [−p, p] is a crop of the p-padded image; the op itself accepts any integer. A pure gather: y is
     * bit-identical on every backend.
     */
    void randomShift(Tensor x, Tensor shifts, Tensor y);

    /**
     * PlaNet's preprocessing at {@code bits} bits per channel (planet/tools/preprocess.py with
     * image_bits = 5): y_i = (floor(x_i / 2^(8 − bits)) + u_i) / 2^bits − 0.5 for byte values x_i,
     * with dequantisation noise u_i = (b_i >>> (8 + bits)) · 2^−(24 − bits) in [0, 1), b_i element i's
     * Philox bits of {@code key} ({@link RandomOps}' element → lane mapping). The noise keeps
     * 24 − bits random bits so that every step is exact in float: y lies in [−0.5, 0.5) on a
     * 2^−24 grid and is bit-identical on every backend. x and y (numel), the same shape.
     */
    void planetPreprocess(Tensor x, int bits, PhiloxKey key, Tensor y);
}
