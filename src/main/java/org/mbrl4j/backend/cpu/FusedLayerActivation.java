package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.rng.Philox;

/**
 * The pointwise pieces of the fused layer, one row at a time: the closing activation and its
 * backward, and the dropout mask. Mish uses {@link ScalarMath} so the fused layer and the pointwise
 * family agree bit for bit.
 */
final class FusedLayerActivation {
    private FusedLayerActivation() {}

    /** y[yo + j] = act(h[j]) for j < n; SimNorm is a softmax within each group of simnormDim. */
    static void forward(Activation act, int simnormDim, float[] h, int n, float[] y, int yo) {
        switch (act) {
            case IDENTITY -> System.arraycopy(h, 0, y, yo, n);
            case MISH -> {
                for (int j = 0; j < n; j++) {
                    y[yo + j] = ScalarMath.mish(h[j]);
                }
            }
            case SIMNORM -> {
                for (int g = 0; g < n; g += simnormDim) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = g; j < g + simnormDim; j++) {
                        max = Math.max(max, h[j]);
                    }
                    float sum = 0f;
                    for (int j = g; j < g + simnormDim; j++) {
                        float ex = (float) Math.exp(h[j] - max);
                        y[yo + j] = ex;
                        sum += ex;
                    }
                    for (int j = g; j < g + simnormDim; j++) {
                        y[yo + j] /= sum;
                    }
                }
            }
        }
    }

    /**
     * dh[j] = dy[dyo + j] · act'(h) for j < n, into {@code dh[dho..]}. Mish reads h (recomputed by the
     * caller into {@code h}); SimNorm reads its output y: dh_j = y_j (dy_j - Σ_group dy_i y_i).
     */
    static void backward(Activation act, int simnormDim, float[] h, float[] y, int yo, float[] dy, int dyo, float[] dh,
            int dho, int n) {
        switch (act) {
            case IDENTITY -> System.arraycopy(dy, dyo, dh, dho, n);
            case MISH -> {
                for (int j = 0; j < n; j++) {
                    dh[dho + j] = dy[dyo + j] * ScalarMath.mishGrad(h[j]);
                }
            }
            case SIMNORM -> {
                for (int g = 0; g < n; g += simnormDim) {
                    float dot = 0f;
                    for (int j = g; j < g + simnormDim; j++) {
                        dot += dy[dyo + j] * y[yo + j];
                    }
                    for (int j = g; j < g + simnormDim; j++) {
                        dh[dho + j] = y[yo + j] * (dy[dyo + j] - dot);
                    }
                }
            }
        }
    }

    /**
     * v[vo + j] *= mask factor of flat element {@code first + j}, for j < n: element i is kept iff
     * {@code Philox.toUniform(lane i % 4 of Philox.block(key, i / 4)) >= p} and then scaled by
     * {@code 1 / (1 - p)}, else zeroed ({@code RandomOps#dropoutForward}'s mask). The same factor maps
     * the pre-dropout value to u in the forward and du to its pre-dropout gradient in the backward.
     */
    static void applyDropout(DropoutSpec spec, long first, float[] v, int vo, int n, int[] block) {
        float p = spec.p();
        float scale = 1f / (1f - p);
        long loaded = -1;
        for (int j = 0; j < n; j++) {
            long i = first + j;
            long blockIndex = i >>> 2;
            if (blockIndex != loaded) {
                Philox.block(spec.key(), blockIndex, block);
                loaded = blockIndex;
            }
            boolean keep = Philox.toUniform(block[(int) (i & 3)]) >= p;
            v[vo + j] = keep ? v[vo + j] * scale : 0f;
        }
    }
}
