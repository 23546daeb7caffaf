package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A GEMM reading kept weight panels ({@link GemmWeightPanels}) computes exactly the bits of one that
 * packs op(B) per call, on fresh random shapes from the TD-MPC2 ranges (M 256..3216, K and N 65..1024)
 * in the layouts a layer uses its weight in: forward x·w^T (B transposed) and input gradient dy·w
 * (B as stored), plain and ensemble-batched; and an in-place write to the weight that nobody
 * announces still reaches the next product.
 */
class GemmWeightPanelsTest {
    private final long seed = System.nanoTime();
    private final SplittableRandom rnd = new SplittableRandom(seed);

    @Test
    void keptPanelsGiveTheBitsOfPerCallPackingOnRandomShapes() {
        for (int round = 0; round < 4; round++) {
            int m = rnd.nextInt(256, 3217);
            int k = rnd.nextInt(65, 1025);
            int n = rnd.nextInt(65, 1025);
            // Keep a round near 1 GFLOP so the suite stays fast on a loaded 2-core machine.
            while ((long) m * k * n > 600_000_000L) {
                m = Math.max(256, m / 2);
                k = Math.max(65, k * 3 / 4);
                n = Math.max(65, n * 3 / 4);
            }
            boolean transposedB = rnd.nextBoolean();
            int heads = round == 3 ? 5 : 1;
            Product p = new Product(heads, m, k, n, transposedB);
            float[] expected = p.run(false);
            assertSameBits(expected, p.run(true), p + " first call (packs)");
            assertSameBits(expected, p.run(true), p + " second call (kept panels)");
        }
    }

    @Test
    void unannouncedWritesToTheWeightReachTheNextProduct() {
        Product p = new Product(1, 300, 130, 200, true);
        p.run(true);
        GemmWeightPanels.Entry entry = p.entry();
        p.run(true);
        assertEquals(1, entry.packs(), "an unchanged weight is packed once");
        // The last element of the weight's span, then a sign flip of zero that float equality would miss.
        p.b[p.b.length - 1] += 1f;
        assertSameBits(p.run(false), p.run(true), p + " after a write to the last weight element");
        assertEquals(2, entry.packs());
        p.b[0] = 0f;
        p.run(true);
        p.b[0] = -0f;
        float[] after = p.run(true);
        assertSameBits(p.run(false), after, p + " after 0 -> -0");
        assertEquals(4, entry.packs(), "0 and -0 are different weight versions");
    }

    @Test
    void viewsOfOneArrayAtDifferentOffsetsKeepTheirOwnPanels() {
        int k = 70;
        int n = 90;
        float[] weights = uniform(2 * n * k);
        Product first = new Product(1, 260, k, n, true);
        Product second = new Product(1, 260, k, n, true);
        first.useWeights(weights, 0);
        second.useWeights(weights, n * k);
        for (int call = 0; call < 2; call++) {
            assertSameBits(first.run(false), first.run(true), first + " at offset 0, call " + call);
            assertSameBits(second.run(false), second.run(true), second + " at offset n·k, call " + call);
        }
    }

    private float[] uniform(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }

    private void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + " (seed " + seed + "): element " + i + " is " + actual[i]
                        + ", per-call packing gives " + expected[i]);
            }
        }
    }

    /** c[e] (M, F) = x[e] (M, Fi) · op(w[e]) + c0[e], w (F, Fi) read transposed or (Fi, F) as stored. */
    private final class Product {
        final int heads, m, k, n;
        final boolean transposedB;
        final float[] a;
        final float[] c0;
        float[] b;
        int bOffset;

        Product(int heads, int m, int k, int n, boolean transposedB) {
            this.heads = heads;
            this.m = m;
            this.k = k;
            this.n = n;
            this.transposedB = transposedB;
            a = uniform(heads * m * k);
            b = uniform(heads * k * n);
            c0 = uniform(heads * m * n);
        }

        void useWeights(float[] data, int offset) {
            b = data;
            bOffset = offset;
        }

        GemmMatrix weight() {
            return GemmMatrix.rowMajor(b, bOffset, k * n, transposedB ? k : n, transposedB);
        }

        GemmWeightPanels.Entry entry() {
            return GemmWeightPanels.entry(weight(), heads, k, n, Gemm.depthBlock(k));
        }

        float[] run(boolean keepPanels) {
            float[] c = c0.clone();
            Gemm.gemm(heads, m, n, k, 1f, GemmMatrix.rowMajor(a, 0, m * k, k, false), weight(), 1f,
                    GemmMatrix.rowMajor(c, 0, m * n, n, false), keepPanels);
            return c;
        }

        @Override
        public String toString() {
            return "heads=" + heads + " M=" + m + " K=" + k + " N=" + n + (transposedB ? " x·w^T" : " dy·w");
        }
    }
}
