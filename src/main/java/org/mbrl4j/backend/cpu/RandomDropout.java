package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Inverted dropout (torch {@code nn.Dropout}, tdmpc2 Q heads at p = 0.01):
 * {@code out_i = x_i · m_i}, {@code m_i = keep_i · s}, {@code keep_i = (u_i >= p)},
 * {@code s = 1/(1 - p)} rounded to float once; backward {@code dx_i += dout_i · m_i}, the mask
 * regenerated from the key. u_i is element i's uniform ({@link RandomBlocks}); i is the flat
 * row-major index in the tensor. Multiplying by 0 (not writing 0) keeps NaN inputs NaN, as torch does.
 *
 * <p>Shapes: x, out, dout, dx all equal. Mask tiles are built per Philox block, then applied with the
 * Vector API ({@link VectorWidth}; the {@code scalar*} methods are the reference, bitwise equal).
 */
final class RandomDropout {
    private RandomDropout() {}

    /** Elements per mask tile; a multiple of 4 so each tile starts on a Philox block. */
    static final int TILE = 1024;

    /** The survivor scale 1/(1 - p). */
    static float scale(float p) {
        return 1f / (1f - p);
    }

    /**
     * mask[j] = keep ? scale : 0 for elements first .. first + count - 1 of the key's run
     * ({@code first % 4 == 0}); the fused dense layer uses the same mask. Whole groups of blocks come
     * from {@link PhiloxLanes}, the rest from {@link #scalarMask} (the reference, bitwise equal).
     */
    static void mask(PhiloxKey key, float p, long first, float[] mask, int count) {
        int perGroup = PhiloxLanes.blocksPerGroup();
        int done = 0;
        if (perGroup > 0) {
            int groups = (count >>> 2) / perGroup;
            PhiloxLanes.keepMask(key, first >>> 2, groups, PhiloxLanes.threshold(p), scale(p), mask, 0);
            done = groups * perGroup * 4;
        }
        scalarMask(key, p, first, done, mask, count);
    }

    /** mask[j] for j in [from, count) as {@link #mask} defines it ({@code from % 4 == 0}), one block at a time. */
    static void scalarMask(PhiloxKey key, float p, long first, int from, float[] mask, int count) {
        float s = scale(p);
        int[] block = new int[4];
        long firstBlock = first >>> 2;
        for (int j = from; j < count; j++) {
            if ((j & 3) == 0) {
                Philox.block(key, firstBlock + (j >>> 2), block);
            }
            mask[j] = Philox.toUniform(block[j & 3]) >= p ? s : 0f;
        }
    }

    static void forward(Tensor x, DenseOps.DropoutSpec spec, Tensor out) {
        float[] xs = x.floats(), o = out.floats();
        int xo = x.off(), oo = out.off();
        forEachTile(spec, x.size(), (m, start, count) -> multiply(xs, xo + start, m, o, oo + start, count));
    }

    static void backward(DenseOps.DropoutSpec spec, Tensor dout, Tensor dx) {
        float[] g = dout.floats(), d = dx.floats();
        int go = dout.off(), dxo = dx.off();
        forEachTile(spec, dout.size(), (m, start, count) -> multiplyAdd(g, go + start, m, d, dxo + start, count));
    }

    @FunctionalInterface
    private interface TileBody {
        void run(float[] mask, int start, int count);
    }

    private static void forEachTile(DenseOps.DropoutSpec spec, int n, TileBody body) {
        int tiles = (n + TILE - 1) / TILE;
        Parallel.forRange(tiles, TILE * RandomBlocks.COST_PER_BLOCK / 4, (from, until) -> {
            float[] m = new float[TILE];
            for (int t = from; t < until; t++) {
                int start = t * TILE;
                int count = Math.min(TILE, n - start);
                mask(spec.key(), spec.p(), start, m, count);
                body.run(m, start, count);
            }
        });
    }

    /** out = x · m over count elements. */
    static void multiply(float[] x, int xo, float[] m, float[] out, int oo, int count) {
        VectorSpecies<Float> sp = VectorWidth.FLOAT;
        int i = 0;
        if (sp != null) {
            for (int upper = sp.loopBound(count); i < upper; i += sp.length()) {
                FloatVector.fromArray(sp, x, xo + i).mul(FloatVector.fromArray(sp, m, i)).intoArray(out, oo + i);
            }
        }
        scalarMultiply(x, xo + i, m, i, out, oo + i, count - i);
    }

    static void scalarMultiply(float[] x, int xo, float[] m, int mo, float[] out, int oo, int count) {
        for (int j = 0; j < count; j++) {
            out[oo + j] = x[xo + j] * m[mo + j];
        }
    }

    /** d += g · m over count elements (multiply, then add: no FMA, so vector and scalar agree bitwise). */
    static void multiplyAdd(float[] g, int go, float[] m, float[] d, int dOff, int count) {
        VectorSpecies<Float> sp = VectorWidth.FLOAT;
        int i = 0;
        if (sp != null) {
            for (int upper = sp.loopBound(count); i < upper; i += sp.length()) {
                FloatVector prod = FloatVector.fromArray(sp, g, go + i).mul(FloatVector.fromArray(sp, m, i));
                FloatVector.fromArray(sp, d, dOff + i).add(prod).intoArray(d, dOff + i);
            }
        }
        scalarMultiplyAdd(g, go + i, m, i, d, dOff + i, count - i);
    }

    static void scalarMultiplyAdd(float[] g, int go, float[] m, int mo, float[] d, int dOff, int count) {
        for (int j = 0; j < count; j++) {
            d[dOff + j] += g[go + j] * m[mo + j];
        }
    }
}
