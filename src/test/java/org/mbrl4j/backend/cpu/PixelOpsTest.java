package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.PixelFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * PixelOps on the CPU against independent references: the random shift against an explicitly
 * replicate-padded and cropped int image, PlaNet's preprocessing against a float64 evaluation of its
 * formula on the same Philox bits; the shift draws stay in [−4, 4]; neither op carries gradient.
 */
class PixelOpsTest {
    private final Backend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    /** Random byte values 0..255 as f32. */
    private float[] bytes(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(256);
        }
        return v;
    }

    /** Image m of x (M, Ci, Hi, Wi) padded by p replicating its border, then cropped at (p + dy, p + dx). */
    private static float[] padAndCrop(float[] x, int m, int c, int h, int w, int dy, int dx, int p) {
        int hp = h + 2 * p, wp = w + 2 * p;
        float[] out = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            float[][] padded = new float[hp][wp];
            for (int i = 0; i < hp; i++) {
                for (int j = 0; j < wp; j++) {
                    int si = Math.min(Math.max(i - p, 0), h - 1);
                    int sj = Math.min(Math.max(j - p, 0), w - 1);
                    padded[i][j] = x[((m * c + ch) * h + si) * w + sj];
                }
            }
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    out[(ch * h + i) * w + j] = padded[p + dy + i][p + dx + j];
                }
            }
        }
        return out;
    }

    private static float[] image(float[] y, int m, int size) {
        return java.util.Arrays.copyOfRange(y, m * size, (m + 1) * size);
    }

    @Test
    void randomShiftEqualsTheCropOfTheReplicatePaddedImage() {
        int m = 6, c = 3, h = rnd.nextInt(1, 20), w = rnd.nextInt(1, 20);
        float[] xs = bytes(m * c * h * w);
        int[] shifts = new int[2 * m];
        for (int i = 0; i < shifts.length; i++) {
            shifts[i] = rnd.nextInt(-4, 5);
        }
        Tensor y = be.zeros(m, c, h, w);
        be.pixel().randomShift(be.fromArray(xs, m, c, h, w), be.fromArray(shifts, m, 2), y);
        float[] got = be.toArray(y);
        for (int n = 0; n < m; n++) {
            assertArrayEquals(padAndCrop(xs, n, c, h, w, shifts[2 * n], shifts[2 * n + 1], 4), image(got, n, c * h * w),
                    "image " + n + ", shift (" + shifts[2 * n] + ", " + shifts[2 * n + 1] + "), " + h + "×" + w
                            + ", seed " + rnd.seed());
        }
    }

    @Test
    void shiftsBeyondThePaddingSaturateAtTheBorder() {
        float[] xs = bytes(2 * 5 * 7);
        Tensor y = be.zeros(2, 1, 5, 7);
        be.pixel().randomShift(be.fromArray(xs, 2, 1, 5, 7), be.fromArray(new int[] {100, -100, Integer.MIN_VALUE, 3}, 2,
                2), y);
        float[] got = be.toArray(y);
        assertArrayEquals(padAndCrop(xs, 0, 1, 5, 7, 4, -6, 10), image(got, 0, 35), "(100, −100) reads row 4, column 0");
        for (int j = 0; j < 7; j++) {
            assertEquals(xs[35 + Math.min(j + 3, 6)], got[35 + j], "row 0 of image 1, column " + j);
        }
    }

    /**
     * PixelFn.randomShift draws (dy, dx) uniformly in [−4, 4]: every drawn pair is in range, each image is the
     * crop at its pair, all 81 pairs occur over 2000 images, and the op records nothing on the tape.
     */
    @Test
    void theAugmentationShiftsByAtMostFourPixelsAndCarriesNoGradient() {
        int m = 2000, c = 2, h = 6, w = 5;
        float[] xs = bytes(m * c * h * w);
        PhiloxKey key = new PhiloxKey(rnd.nextLong(), rnd.nextLong(), 0);
        try (Graph g = new Graph(be)) {
            Tensor x = be.tensor(DType.F32, true, m, c, h, w);
            be.upload(xs, 0, x);
            Tensor y = PixelFn.randomShift(g, x, key, 4);
            assertFalse(y.requiresGrad(), "an augmentation of observations carries no gradient");
            assertEquals(0, g.recordedOps(), "nothing on the tape");
            Tensor drawn = be.tensor(DType.I32, false, m, 2);
            be.random().randint(key, -4, 5, drawn);
            int[] shifts = be.toIntArray(drawn);
            float[] got = be.toArray(y);
            Set<Integer> pairs = new HashSet<>();
            for (int n = 0; n < m; n++) {
                int dy = shifts[2 * n], dx = shifts[2 * n + 1];
                assertTrue(dy >= -4 && dy <= 4 && dx >= -4 && dx <= 4, "shift (" + dy + ", " + dx + ")");
                assertArrayEquals(padAndCrop(xs, n, c, h, w, dy, dx, 4), image(got, n, c * h * w), "image " + n);
                pairs.add(9 * (dy + 4) + dx + 4);
            }
            assertEquals(81, pairs.size(), "every shift in [−4, 4]² occurs (seed " + rnd.seed() + ")");
        }
    }

    /** y = (floor(x/8) + u)/32 − 0.5 with u = (bits >>> 13)·2^−19, evaluated in double, equals the f32 op exactly. */
    @Test
    void planetPreprocessEqualsItsFloat64FormulaBitForBit() {
        int n = (1 << 16) + 3;
        float[] xs = bytes(n);
        for (int bits : new int[] {5, 1, 8}) {
            PhiloxKey key = new PhiloxKey(rnd.nextLong(), rnd.nextLong(), rnd.nextLong() >>> 1);
            Tensor y = be.zeros(n);
            be.pixel().planetPreprocess(be.fromArray(xs, n), bits, key, y);
            float[] got = be.toArray(y);
            int[] block = new int[4];
            for (int i = 0; i < n; i++) {
                Philox.block(key, i / 4, block);
                double u = (block[i % 4] >>> (8 + bits)) * Math.pow(2, -(24 - bits));
                double want = (Math.floor(xs[i] / Math.pow(2, 8 - bits)) + u) / Math.pow(2, bits) - 0.5;
                assertEquals(want, got[i], 0.0, "bits " + bits + ", element " + i + ", x " + xs[i] + ", seed " + rnd.seed());
            }
        }
    }

    /**
     * At 5 bits: 32 levels, (y + 0.5)·32 − floor(x/8) is the noise and lies in [0, 1), y in [−0.5, 0.5); the
     * noise is uniform (each tenth of [0, 1) within 5 standard errors of n/10).
     */
    @Test
    void fiveBitLevelsAndTheNoiseRange() {
        int n = 100_000;
        float[] xs = bytes(n);
        xs[0] = 0;
        xs[1] = 255;
        Tensor y = be.zeros(n);
        be.pixel().planetPreprocess(be.fromArray(xs, n), 5, new PhiloxKey(rnd.nextLong(), 7, 0), y);
        float[] got = be.toArray(y);
        int[] tenths = new int[10];
        for (int i = 0; i < n; i++) {
            assertTrue(got[i] >= -0.5f && got[i] < 0.5f, "y " + got[i] + " outside [−0.5, 0.5)");
            double scaled = (got[i] + 0.5) * 32;
            int level = (int) Math.floor(scaled);
            assertEquals((int) xs[i] >> 3, level, "the 5-bit level of x " + xs[i]);
            double noise = scaled - level;
            assertTrue(noise >= 0 && noise < 1, "noise " + noise);
            tenths[(int) (noise * 10)]++;
        }
        double sd = Math.sqrt(n * 0.1 * 0.9);
        for (int t = 0; t < 10; t++) {
            assertTrue(Math.abs(tenths[t] - n / 10.0) < 5 * sd, "noise tenth " + t + ": " + tenths[t] + " of " + n);
        }
        assertTrue(got[0] < -0.5f + 1f / 32, "x 0 is in the lowest level");
        assertTrue(got[1] >= 0.5f - 1f / 32, "x 255 is in the highest level");
    }

    @Test
    void theContractNamesTheBrokenRule() {
        Tensor x = be.zeros(2, 3, 4, 4);
        var bits = assertThrows(IllegalArgumentException.class,
                () -> be.pixel().planetPreprocess(x, 9, new PhiloxKey(1, 2, 3), be.zeros(2, 3, 4, 4)));
        assertTrue(bits.getMessage().contains("planetPreprocess: bits=9 must be in [1, 8]"), bits.getMessage());
        var shifts = assertThrows(IllegalArgumentException.class,
                () -> be.pixel().randomShift(x, be.tensor(DType.I32, false, 3, 2), be.zeros(2, 3, 4, 4)));
        assertTrue(shifts.getMessage().contains("randomShift: shifts (3, 2) must be (M, 2) = (2, 2)"), shifts.getMessage());
        var alias = assertThrows(IllegalArgumentException.class,
                () -> be.pixel().randomShift(x, be.tensor(DType.I32, false, 2, 2), x));
        assertTrue(alias.getMessage().startsWith("randomShift: y"), alias.getMessage());
    }
}
