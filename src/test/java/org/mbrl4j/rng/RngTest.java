package org.mbrl4j.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/** Host draws: counter bookkeeping, the categorical and permutation rules, and their statistics. */
public class RngTest {

    /** Standard deviates for statistical bounds: a two-sided 5σ test fails by chance with p ≈ 5.7e-7. */
    public static final double Z = 5.0;

    /**
     * Upper critical value of a chi-square statistic with {@code df} degrees of freedom at {@code z}
     * standard deviates (Wilson–Hilferty: (X/df)^(1/3) is ~normal with mean 1 - 2/(9df), var 2/(9df)).
     */
    public static double chiSquareBound(int df, double z) {
        double a = 2.0 / (9.0 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    /** Pearson's statistic Σ (observed - expected)^2 / expected over cells with expected > 0. */
    public static double chiSquare(long[] observed, double[] expected) {
        double s = 0;
        for (int i = 0; i < observed.length; i++) {
            if (expected[i] > 0) {
                double d = observed[i] - expected[i];
                s += d * d / expected[i];
            }
        }
        return s;
    }

    private static Rng fresh(TestRandom rnd) {
        return new Rng(rnd.nextLong(), rnd.nextLong(), rnd.nextLong() >>> 2);
    }

    @Test
    void scalarDrawsReadLaneZeroOfOneBlock() {
        TestRandom rnd = new TestRandom();
        Rng rng = fresh(rnd);
        long c = rng.counter();
        int[] b = new int[4];
        Philox.block(new PhiloxKey(rng.seed(), rng.stream(), c), 0, b);
        assertEquals(Philox.toUniform(b[0]), rng.uniform(), "seed " + rnd.seed());
        Philox.block(new PhiloxKey(rng.seed(), rng.stream(), c + 1), 0, b);
        assertEquals(Philox.normalLane(b, 0), rng.normal(), "seed " + rnd.seed());
        assertEquals(c + 2, rng.counter(), "each scalar draw consumes one block; seed " + rnd.seed());
    }

    @Test
    void savedCounterResumesTheSequence() {
        TestRandom rnd = new TestRandom();
        Rng a = fresh(rnd);
        a.permutation(7);
        Rng b = new Rng(a.seed(), a.stream(), a.counter());
        float[] fa = new float[10];
        float[] fb = new float[10];
        a.fillNormal(fa, 0f, 1f);
        b.fillNormal(fb, 0f, 1f);
        assertArrayEquals(fa, fb, "seed " + rnd.seed());
        assertEquals(a.categorical(new float[] {1, 2, 3}), b.categorical(new float[] {1, 2, 3}));
    }

    @Test
    void fillsFollowTheKeyElementLayoutAndConsumeCeilNOver4Blocks() {
        TestRandom rnd = new TestRandom();
        Rng rng = fresh(rnd);
        int n = 4 * rnd.nextInt(1, 50) + rnd.nextInt(4);
        long c0 = rng.counter();
        PhiloxKey key = new PhiloxKey(rng.seed(), rng.stream(), c0);
        float[] u = new float[n];
        rng.fillUniform(u, -2f, 3f);
        assertEquals(c0 + (n + 3) / 4, rng.counter(), "fillUniform(" + n + ") blocks; seed " + rnd.seed());
        float[] z = new float[n];
        rng.fillNormal(z, 1f, 0.5f);
        PhiloxKey key2 = key.advance((n + 3) / 4);
        int[] b = new int[4];
        for (int i = 0; i < n; i++) {
            Philox.block(key, i / 4, b);
            assertEquals(Float.floatToRawIntBits(-2f + 5f * Philox.toUniform(b[i % 4])), Float.floatToRawIntBits(u[i]),
                    "uniform element " + i + " seed " + rnd.seed());
            Philox.block(key2, i / 4, b);
            assertEquals(Float.floatToRawIntBits(1f + 0.5f * Philox.normalLane(b, i % 4)),
                    Float.floatToRawIntBits(z[i]), "normal element " + i + " seed " + rnd.seed());
        }
    }

    @Test
    void inverseCdfRule() {
        float[] p = {0f, 2f, 0f, 1f, 1f, 0f};
        assertEquals(1, Rng.inverseCdf(p, 0, p.length, 0f), "u = 0 picks the first positive entry");
        assertEquals(1, Rng.inverseCdf(p, 0, p.length, 0.4999f));
        assertEquals(3, Rng.inverseCdf(p, 0, p.length, 0.5f), "cumsum must exceed u·total strictly");
        assertEquals(4, Rng.inverseCdf(p, 0, p.length, 0.75f));
        assertEquals(4, Rng.inverseCdf(p, 0, p.length, Math.nextDown(1f)), "never the trailing zero entry");
        assertEquals(1, Rng.inverseCdf(p, 2, 3, 0.0f), "offset and count select a sub-row; the index is relative");
        assertEquals(-1, Rng.inverseCdf(new float[] {0f, 0f}, 0, 2, 0.5f), "zero sum");
        assertEquals(-1, Rng.inverseCdf(new float[] {1f, -0.5f}, 0, 2, 0.5f), "negative entry");
        assertEquals(-1, Rng.inverseCdf(new float[] {1f, Float.NaN}, 0, 2, 0.5f), "NaN entry");
        assertEquals(-1, Rng.inverseCdf(new float[] {1f, Float.POSITIVE_INFINITY}, 0, 2, 0.5f), "infinite entry");
        assertThrows(IllegalArgumentException.class, () -> new Rng(1, 2).categorical(new float[] {0f, 0f}));
    }

    @Test
    void categoricalMatchesItsProbabilities() {
        TestRandom rnd = new TestRandom();
        Rng rng = fresh(rnd);
        int k = rnd.nextInt(2, 12);
        float[] p = new float[k];
        double total = 0;
        for (int j = 0; j < k; j++) {
            p[j] = j % 3 == 2 ? 0f : (float) rnd.uniform(0.05, 3.0);
            total += p[j];
        }
        int n = 100_000;
        long[] counts = new long[k];
        long c0 = rng.counter();
        for (int i = 0; i < n; i++) {
            counts[rng.categorical(p)]++;
        }
        assertEquals(c0 + n, rng.counter(), "one block per categorical draw");
        double[] expected = new double[k];
        int positive = 0;
        for (int j = 0; j < k; j++) {
            expected[j] = n * p[j] / total;
            if (p[j] == 0f) {
                assertEquals(0, counts[j], "zero-probability index " + j + " drawn; seed " + rnd.seed());
            } else {
                positive++;
            }
        }
        double chi2 = chiSquare(counts, expected);
        double bound = chiSquareBound(positive - 1, Z);
        assertTrue(chi2 < bound, "categorical chi2 " + chi2 + " >= " + bound + " for p " + Arrays.toString(p)
                + " counts " + Arrays.toString(counts) + "; seed " + rnd.seed());
    }

    @Test
    void permutationIsFisherYatesAndConsumesNMinusOneBlocks() {
        TestRandom rnd = new TestRandom();
        for (int n : new int[] {0, 1, 2, rnd.nextInt(3, 200)}) {
            Rng rng = fresh(rnd);
            Rng twin = new Rng(rng.seed(), rng.stream(), rng.counter());
            long c0 = rng.counter();
            int[] perm = rng.permutation(n);
            assertEquals(c0 + Math.max(n - 1, 0), rng.counter(), "permutation(" + n + ") blocks; seed " + rnd.seed());
            int[] sorted = perm.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted[i], "permutation(" + n + ") is not a permutation; seed " + rnd.seed());
            }
            int[] expected = new int[n];
            for (int i = 0; i < n; i++) {
                expected[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = twin.randint(0, i + 1);
                int t = expected[i];
                expected[i] = expected[j];
                expected[j] = t;
            }
            assertArrayEquals(expected, perm, "documented Fisher-Yates sequence; seed " + rnd.seed());
        }
        assertThrows(IllegalArgumentException.class, () -> new Rng(1, 2).permutation(-1));
    }

    @Test
    void permutationIsPositionUniform() {
        TestRandom rnd = new TestRandom();
        Rng rng = fresh(rnd);
        int n = 6;
        int trials = 30_000;
        long[][] counts = new long[n][n];
        for (int t = 0; t < trials; t++) {
            int[] perm = rng.permutation(n);
            for (int pos = 0; pos < n; pos++) {
                counts[pos][perm[pos]]++;
            }
        }
        double[] expected = new double[n];
        Arrays.fill(expected, (double) trials / n);
        double bound = chiSquareBound(n - 1, Z);
        for (int pos = 0; pos < n; pos++) {
            double chi2 = chiSquare(counts[pos], expected);
            assertTrue(chi2 < bound, "position " + pos + " chi2 " + chi2 + " >= " + bound + " counts "
                    + Arrays.toString(counts[pos]) + "; seed " + rnd.seed());
        }
    }
}
