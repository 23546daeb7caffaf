package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.HostStorage;

/**
 * A GEMM reading kept weight panels ({@link GemmWeightPanels}) computes exactly the bits of one that
 * packs op(B) per call, on fresh random shapes from the TD-MPC2 ranges (M 256..3216, K and N 65..1024)
 * in the layouts a layer's products take: forward x·w^T (B transposed), input gradient dy·w (B as
 * stored) and the weight gradient's transposed A (dy^T·x), plain, 5-head ensemble and 5 heads over a
 * shared input; and the panels follow the storage's version: a write through {@link HostStorage#floats()}
 * repacks, a read through {@link HostStorage#floatsToRead()} does not.
 */
class GemmWeightPanelsTest {
    private final long seed = System.nanoTime();
    private final SplittableRandom rnd = new SplittableRandom(seed);

    @Test
    void keptPanelsGiveTheBitsOfPerCallPackingOnRandomShapes() {
        String[] layouts = {"x·w^T", "dy·w", "dy^T·x"};
        for (int round = 0; round < 6; round++) {
            int m = rnd.nextInt(256, 3217);
            int k = rnd.nextInt(65, 1025);
            int n = rnd.nextInt(65, 1025);
            // Keep a round near 1 GFLOP so the suite stays fast on a loaded 2-core machine.
            while ((long) m * k * n > 600_000_000L) {
                m = Math.max(256, m / 2);
                k = Math.max(65, k * 3 / 4);
                n = Math.max(65, n * 3 / 4);
            }
            String layout = layouts[round % 3];
            int heads = round < 3 ? 1 : 5;
            Product p = new Product(heads, m, k, n, layout, round == 5);
            float[] expected = p.run(false);
            assertSameBits(expected, p.run(true), p + " first call (packs)");
            assertSameBits(expected, p.run(true), p + " second call (kept panels)");
            assertEquals(1, GemmWeightPanels.packs(p.storage), p + ": one pack per weight version");
        }
    }

    @Test
    void aWriteThroughTheArrayRepacksAndAReadDoesNot() {
        Product p = new Product(1, 300, 130, 200, "x·w^T", false);
        p.run(true);
        p.storage.floatsToRead();
        p.run(true);
        assertEquals(1, GemmWeightPanels.packs(p.storage), "an unchanged weight is packed once");
        // The last element of the weight's span, then a sign flip of zero that float equality would miss.
        p.storage.floats()[p.b.length - 1] += 1f;
        assertSameBits(p.run(false), p.run(true), p + " after a write to the last weight element");
        assertEquals(2, GemmWeightPanels.packs(p.storage));
        p.storage.floats()[0] = 0f;
        p.run(true);
        p.storage.floats()[0] = -0f;
        float[] after = p.run(true);
        assertSameBits(p.run(false), after, p + " after 0 -> -0");
        assertEquals(4, GemmWeightPanels.packs(p.storage), "0 and -0 are different weight versions");
    }

    @Test
    void anAcquisitionBumpsTheVersionOnlyOnceWatched() {
        HostStorage s = new HostStorage(new float[4], null);
        s.floats();
        assertEquals(0, s.version(), "an unwatched storage keeps its version");
        long v = s.watch();
        s.floatsToRead();
        assertEquals(v, s.version(), "reading does not move the version");
        s.floats();
        assertEquals(v + 1, s.version(), "acquiring the array for writing moves it");
    }

    @Test
    void viewsOfOneStorageAtDifferentOffsetsKeepTheirOwnPanels() {
        int k = 70;
        int n = 90;
        HostStorage weights = new HostStorage(uniform(2 * n * k), null);
        Product first = new Product(1, 260, k, n, "x·w^T", false);
        Product second = new Product(1, 260, k, n, "x·w^T", false);
        first.useWeights(weights, 0);
        second.useWeights(weights, n * k);
        for (int call = 0; call < 2; call++) {
            assertSameBits(first.run(false), first.run(true), first + " at offset 0, call " + call);
            assertSameBits(second.run(false), second.run(true), second + " at offset n·k, call " + call);
        }
        assertEquals(2, GemmWeightPanels.packs(weights), "one pack per view");
    }

    private float[] uniform(int size) {
        return KeptPanelChecks.uniform(rnd, size);
    }

    private void assertSameBits(float[] expected, float[] actual, String what) {
        KeptPanelChecks.assertSameBits(expected, actual, what, seed);
    }

    /**
     * c[e] (M, F) = op(a[e]) · op(b[e]) + c0[e] with op(b) (Fi, F) the kept operand: for x·w^T, b is w (F, Fi)
     * read transposed; for dy·w, w (Fi, F) as stored; for dy^T·x, a (Fi, M) is read transposed and b (Fi, F)
     * as stored. A shared a (batch stride 0) is the ensemble's common input.
     */
    private final class Product {
        final int heads, m, k, n;
        final String layout;
        final boolean sharedA;
        final float[] a;
        final float[] c0;
        float[] b;
        HostStorage storage;
        int bOffset;

        Product(int heads, int m, int k, int n, String layout, boolean sharedA) {
            this.heads = heads;
            this.m = m;
            this.k = k;
            this.n = n;
            this.layout = layout;
            this.sharedA = sharedA;
            a = uniform((sharedA ? 1 : heads) * m * k);
            b = uniform(heads * k * n);
            storage = new HostStorage(b, null);
            c0 = uniform(heads * m * n);
        }

        void useWeights(HostStorage s, int offset) {
            storage = s;
            b = s.floatsToRead();
            bOffset = offset;
        }

        float[] run(boolean keepPanels) {
            float[] c = c0.clone();
            boolean transA = layout.equals("dy^T·x");
            boolean transB = layout.equals("x·w^T");
            GemmMatrix am = GemmMatrix.rowMajor(a, 0, sharedA ? 0 : m * k, transA ? m : k, transA);
            GemmMatrix bm = GemmMatrix.rowMajor(b, bOffset, k * n, transB ? k : n, transB);
            Gemm.gemm(heads, m, n, k, 1f, am, bm, 1f, GemmMatrix.rowMajor(c, 0, m * n, n, false),
                    keepPanels ? storage : null);
            return c;
        }

        @Override
        public String toString() {
            return "heads=" + heads + (sharedA ? " (shared input)" : "") + " M=" + m + " K=" + k + " N=" + n + " "
                    + layout;
        }
    }
}
