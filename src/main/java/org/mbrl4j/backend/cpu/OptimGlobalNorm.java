package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.tensor.Tensor;

/**
 * Global-norm gradient clipping (torch.nn.utils.clip_grad_norm_, tdmpc2 grad_clip_norm = 20):
 * {@code normSq += Σ_tensors Σ x²}, then {@code g *= min(1, maxNorm / (sqrt(normSq) + 1e-6))}.
 *
 * <p>Sum of squares: each tensor is cut into fixed tiles of {@link #TILE} elements; a tile sums in
 * float lanes (Vector API) or float64 (the {@link #scalarTileSum} reference), tiles add in float64
 * in index order, so the result does not depend on the thread split. A non-finite normSq gives a
 * NaN coefficient and NaN gradients, as torch does with error_if_nonfinite=False.
 */
final class OptimGlobalNorm {
    private OptimGlobalNorm() {}

    /** Elements per partial sum: float lanes over 4096 elements lose at most ~2^-24 · 4096/lanes relative. */
    static final int TILE = 4096;
    /** torch's clip_grad_norm_ guard against division by zero. */
    static final float NORM_EPS = 1e-6f;

    static double sumSquares(Tensor x) {
        float[] a = x.floats();
        int off = x.off(), n = x.size();
        int tiles = (n + TILE - 1) / TILE;
        double[] partial = new double[tiles];
        Parallel.forRange(tiles, 2L * TILE, (from, until) -> {
            for (int t = from; t < until; t++) {
                int start = t * TILE;
                partial[t] = tileSum(a, off + start, Math.min(TILE, n - start));
            }
        });
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return s;
    }

    private static double tileSum(float[] a, int off, int count) {
        VectorSpecies<Float> sp = VectorWidth.FLOAT;
        if (sp == null) {
            return scalarTileSum(a, off, count);
        }
        FloatVector acc = FloatVector.zero(sp);
        int i = 0;
        for (int upper = sp.loopBound(count); i < upper; i += sp.length()) {
            FloatVector x = FloatVector.fromArray(sp, a, off + i);
            acc = acc.add(x.mul(x));
        }
        return (double) VectorMath.sumLanes(acc)
                + scalarTileSum(a, off + i, count - i);
    }

    static double scalarTileSum(float[] a, int off, int count) {
        double s = 0;
        for (int j = 0; j < count; j++) {
            double x = a[off + j];
            s += x * x;
        }
        return s;
    }

    /** min(1, maxNorm / (sqrt(normSq) + 1e-6)) in float, as torch computes it on a float32 norm. */
    static float coefficient(float normSq, float maxNorm) {
        return Math.min(1f, maxNorm / ((float) Math.sqrt(normSq) + NORM_EPS));
    }

    static void scale(Tensor g, float coef) {
        float[] a = g.floats();
        int off = g.off();
        Parallel.forRange(g.size(), 1, (from, until) -> {
            int i = from;
            VectorSpecies<Float> sp = VectorWidth.FLOAT;
            if (sp != null) {
                for (int upper = from + sp.loopBound(until - from); i < upper; i += sp.length()) {
                    FloatVector.fromArray(sp, a, off + i).mul(coef).intoArray(a, off + i);
                }
            }
            for (; i < until; i++) {
                a[off + i] *= coef;
            }
        });
    }
}
