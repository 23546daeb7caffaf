package org.mbrl4j.backend.cpu;

import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet's bit-depth preprocessing of {@link org.mbrl4j.backend.PixelOps#planetPreprocess}:
 * y_i = (floor(x_i / 2^(8 − bits)) + u_i) / 2^bits − 0.5 with u_i = (b_i >>> (8 + bits)) · 2^−(24 − bits),
 * b_i the Philox bits of element i ({@link RandomBlocks}). Each step is exact in float: the bin
 * index q < 2^bits and the noise's 24 − bits bits fit one 24-bit significand, the scaling is by a power
 * of two, and the result is a multiple of 2^−24 in (−2^23·2^−24, 2^23·2^−24).
 */
final class PlanetPreprocess {
    private PlanetPreprocess() {}

    static void forward(Tensor x, int bits, PhiloxKey key, Tensor y) {
        float[] xs = x.floats();
        float[] ys = y.floats();
        int xo = x.off(), yo = y.off();
        float binWidth = 1 << (8 - bits);
        int noiseShift = 8 + bits;
        float noiseUnit = Math.scalb(1f, -(24 - bits));
        float levels = 1 << bits;
        RandomBlocks.forEachBlock(key, x.size(), (block, first, lanes) -> {
            for (int l = 0; l < lanes; l++) {
                int i = first + l;
                ys[yo + i] = value(xs[xo + i], block[l], binWidth, noiseShift, noiseUnit, levels);
            }
        });
    }

    /** One element: the bin of x, plus the noise of {@code philoxBits}, scaled to [0, 1), minus ½. */
    static float value(float x, int philoxBits, float binWidth, int noiseShift, float noiseUnit, float levels) {
        float bin = (float) Math.floor(x / binWidth);
        float noise = (philoxBits >>> noiseShift) * noiseUnit;
        return (bin + noise) / levels - 0.5f;
    }
}
