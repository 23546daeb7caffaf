package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.rng.RngTest.Z;
import static org.mbrl4j.rng.RngTest.chiSquare;
import static org.mbrl4j.rng.RngTest.chiSquareBound;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * RandomOps on the CPU: bitwise agreement with a host-side Philox computation of the documented
 * element mapping, determinism, and statistics with bounds of {@link org.mbrl4j.rng.RngTest#Z}
 * standard errors of the sample size.
 */
class RandomOpsTest {
    /** Large enough to split over threads (Parallel forks above 200k flops) and not a multiple of 4. */
    private static final int N = (1 << 18) + 3;
    /** P(|Z| > 2) and P(|Z| > 3) for a standard normal: erfc(2/√2), erfc(3/√2). */
    private static final double TAIL_2 = 0.04550026389635842;
    private static final double TAIL_3 = 0.0026997960632601866;

    private final Backend be = new CpuBackend();
    private final RandomOps ops = be.random();

    private static PhiloxKey key(TestRandom rnd) {
        return new PhiloxKey(rnd.nextLong(), rnd.nextLong(), rnd.nextLong() >>> 1);
    }

    private static int[] block(PhiloxKey key, int element) {
        int[] b = new int[4];
        Philox.block(key, element / 4, b);
        return b;
    }

    @Test
    void drawsEqualHostPhiloxElementByElement() {
        TestRandom rnd = new TestRandom();
        PhiloxKey key = key(rnd);
        Tensor u = be.zeros(N);
        Tensor z = be.zeros(N);
        Tensor k = be.tensor(DType.I32, false, N);
        ops.uniform(key, -1.5f, 2.5f, u);
        ops.normal(key, 0.25f, 3f, z);
        ops.randint(key, -7, 1000, k);
        float[] uv = be.toArray(u), zv = be.toArray(z);
        int[] kv = be.toIntArray(k);
        for (int i = 0; i < N; i++) {
            int[] b = block(key, i);
            int lane = i % 4;
            assertEquals(Float.floatToRawIntBits(-1.5f + 4f * Philox.toUniform(b[lane])), Float.floatToRawIntBits(uv[i]),
                    "uniform element " + i + " seed " + rnd.seed());
            assertEquals(Float.floatToRawIntBits(0.25f + 3f * Philox.normalLane(b, lane)), Float.floatToRawIntBits(zv[i]),
                    "normal element " + i + " seed " + rnd.seed());
            assertEquals(Philox.toInt(b[lane], -7, 1000), kv[i], "randint element " + i + " seed " + rnd.seed());
        }
    }

    @Test
    void hostFillWithReservedKeyEqualsTensorDraw() {
        TestRandom rnd = new TestRandom();
        Rng host = new Rng(rnd.nextLong(), rnd.nextLong());
        Rng twin = new Rng(host.seed(), host.stream(), host.counter());
        int n = rnd.nextInt(1, 5000);
        float[] expected = new float[n];
        host.fillUniform(expected, 0f, 1f);
        Tensor t = be.zeros(n);
        ops.uniform(twin.reserve(n), 0f, 1f, t);
        assertArrayEquals(expected, be.toArray(t), "seed " + rnd.seed());
        assertEquals(host.counter(), twin.counter(), "both consume ceil(n/4) blocks");
    }

    @Test
    void sameKeySameTensorOtherKeyOtherTensor() {
        TestRandom rnd = new TestRandom();
        PhiloxKey key = key(rnd);
        Tensor a = be.zeros(1001), b = be.zeros(1001), c = be.zeros(1001);
        ops.normal(key, 0f, 1f, a);
        ops.normal(key, 0f, 1f, b);
        ops.normal(new PhiloxKey(key.seed(), key.stream() + 1, key.counter()), 0f, 1f, c);
        assertArrayEquals(be.toArray(a), be.toArray(b), "seed " + rnd.seed());
        assertFalse(Arrays.equals(be.toArray(a), be.toArray(c)), "another stream must give other numbers");
        // A view at an offset draws the same values as a fresh tensor: element indices are tensor-relative.
        Tensor big = be.zeros(2000);
        Tensor view = big.rows(999, 1001);
        ops.normal(key, 0f, 1f, view);
        assertArrayEquals(be.toArray(a), be.toArray(view), "seed " + rnd.seed());
    }

    @Test
    void uniformMeanAndVariance() {
        TestRandom rnd = new TestRandom();
        float lo = (float) rnd.uniform(-5, 5);
        float hi = lo + (float) rnd.uniform(0.1, 10);
        Tensor t = be.zeros(N);
        ops.uniform(key(rnd), lo, hi, t);
        float[] x = be.toArray(t);
        double w = hi - lo;
        double mu = (lo + (double) hi) / 2;
        double mean = 0, m2 = 0;
        for (float v : x) {
            assertTrue(v >= lo && v <= hi, "uniform value " + v + " outside [" + lo + ", " + hi + "]; seed " + rnd.seed());
            mean += v;
            m2 += (v - mu) * (v - mu);
        }
        mean /= N;
        m2 /= N;
        // Var(x) = w²/12; Var((x-μ)²) = w⁴/80 - w⁴/144 = w⁴/180.
        double seMean = w / Math.sqrt(12.0 * N);
        double seVar = w * w / Math.sqrt(180.0 * N);
        assertEquals(mu, mean, Z * seMean, "uniform mean; seed " + rnd.seed());
        assertEquals(w * w / 12, m2, Z * seVar, "uniform variance; seed " + rnd.seed());
    }

    @Test
    void normalMeanVarianceTailsPerLane() {
        TestRandom rnd = new TestRandom();
        float mean = (float) rnd.uniform(-3, 3);
        float std = (float) rnd.uniform(0.5, 2);
        Tensor t = be.zeros(N);
        ops.normal(key(rnd), mean, std, t);
        float[] x = be.toArray(t);
        double[] s1 = new double[4], s2 = new double[4];
        long[] n = new long[4];
        long tail2 = 0, tail3 = 0;
        for (int i = 0; i < N; i++) {
            double z = (x[i] - (double) mean) / std;
            s1[i % 4] += z;
            s2[i % 4] += z * z;
            n[i % 4]++;
            tail2 += Math.abs(z) > 2 ? 1 : 0;
            tail3 += Math.abs(z) > 3 ? 1 : 0;
        }
        // Per lane (each lane is a different Box-Muller output): mean 0 ± 1/√n, E z² = 1 ± √(2/n).
        for (int lane = 0; lane < 4; lane++) {
            assertEquals(0, s1[lane] / n[lane], Z / Math.sqrt(n[lane]), "lane " + lane + " mean; seed " + rnd.seed());
            assertEquals(1, s2[lane] / n[lane], Z * Math.sqrt(2.0 / n[lane]), "lane " + lane + " variance; seed "
                    + rnd.seed());
        }
        assertEquals(TAIL_2, (double) tail2 / N, Z * Math.sqrt(TAIL_2 * (1 - TAIL_2) / N), "P(|z|>2); seed " + rnd.seed());
        assertEquals(TAIL_3, (double) tail3 / N, Z * Math.sqrt(TAIL_3 * (1 - TAIL_3) / N), "P(|z|>3); seed " + rnd.seed());
    }

    @Test
    void randintChiSquareOverTheRange() {
        TestRandom rnd = new TestRandom();
        int lo = rnd.nextInt(-50, 50);
        int m = rnd.nextInt(2, 40);
        Tensor t = be.tensor(DType.I32, false, 200_003);
        ops.randint(key(rnd), lo, lo + m, t);
        long[] counts = new long[m];
        for (int v : be.toIntArray(t)) {
            assertTrue(v >= lo && v < lo + m, "randint " + v + " outside [" + lo + ", " + (lo + m) + "); seed "
                    + rnd.seed());
            counts[v - lo]++;
        }
        double[] expected = new double[m];
        Arrays.fill(expected, 200_003.0 / m);
        double chi2 = chiSquare(counts, expected);
        assertTrue(chi2 < chiSquareBound(m - 1, Z), "randint chi2 " + chi2 + " over " + m + " values; seed " + rnd.seed());

        Tensor full = be.tensor(DType.I32, false, 4096);
        ops.randint(key(rnd), Integer.MIN_VALUE, Integer.MAX_VALUE, full);
        for (int v : be.toIntArray(full)) {
            assertTrue(v < Integer.MAX_VALUE, "the full int range must not overflow; seed " + rnd.seed());
        }
    }

    @Test
    void categoricalChiSquareAgainstProbs() {
        TestRandom rnd = new TestRandom();
        int k = rnd.nextInt(3, 10); // one category is zero: at least 2 positive ones, df >= 1
        int rows = 100_000;
        float[] p = new float[k];
        double total = 0;
        for (int j = 0; j < k; j++) {
            p[j] = j == 1 ? 0f : (float) rnd.uniform(0.1, 5);
            total += p[j];
        }
        float[] all = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(p, 0, all, r * k, k);
        }
        Tensor out = be.tensor(DType.I32, false, rows);
        ops.categorical(key(rnd), be.fromArray(all, rows, k), out);
        long[] counts = new long[k];
        for (int v : be.toIntArray(out)) {
            counts[v]++;
        }
        assertEquals(0, counts[1], "zero-probability category drawn; seed " + rnd.seed());
        double[] expected = new double[k];
        for (int j = 0; j < k; j++) {
            expected[j] = rows * p[j] / total;
        }
        double chi2 = chiSquare(counts, expected);
        assertTrue(chi2 < chiSquareBound(k - 2, Z), "categorical chi2 " + chi2 + " probs " + Arrays.toString(p)
                + " counts " + Arrays.toString(counts) + "; seed " + rnd.seed());
    }

    @Test
    void categoricalRowUsesElementRsUniform() {
        TestRandom rnd = new TestRandom();
        PhiloxKey key = key(rnd);
        int rows = 203, k = 5;
        float[] p = rnd.floats(rows * k, 0, 1);
        p[7 * k + 2] = 0f;
        Tensor out = be.tensor(DType.I32, false, rows);
        ops.categorical(key, be.fromArray(p, rows, k), out);
        int[] got = be.toIntArray(out);
        for (int r = 0; r < rows; r++) {
            float u = Philox.toUniform(block(key, r)[r % 4]);
            assertEquals(Rng.inverseCdf(p, r * k, k, u), got[r], "row " + r + " seed " + rnd.seed());
        }
        // One-hot rows are deterministic whatever the uniforms.
        float[] onehot = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            onehot[r * k + r % k] = 2.5f;
        }
        ops.categorical(key, be.fromArray(onehot, rows, k), out);
        int[] idx = be.toIntArray(out);
        for (int r = 0; r < rows; r++) {
            assertEquals(r % k, idx[r], "one-hot row " + r);
        }
    }

    @Test
    void dropoutMaskRateAndBackward() {
        TestRandom rnd = new TestRandom();
        float p = (float) rnd.uniform(0.05, 0.9);
        DropoutSpec spec = new DropoutSpec(p, key(rnd));
        float scale = 1f / (1f - p);
        Tensor ones = be.zeros(N);
        be.fill(ones, 1f);
        Tensor mask = be.zeros(N);
        ops.dropoutForward(ones, spec, mask);
        float[] m = be.toArray(mask);
        long kept = 0;
        for (int i = 0; i < N; i++) {
            boolean keep = Philox.toUniform(block(spec.key(), i)[i % 4]) >= p;
            assertEquals(keep ? scale : 0f, m[i], "mask element " + i + " seed " + rnd.seed());
            kept += keep ? 1 : 0;
        }
        double q = 1 - p;
        assertEquals(q, (double) kept / N, Z * Math.sqrt(q * p / N), "kept fraction; seed " + rnd.seed());

        float[] x = rnd.floats(N, -3, 3);
        Tensor out = be.zeros(N);
        ops.dropoutForward(be.fromArray(x, N), spec, out);
        float[] o = be.toArray(out);
        float[] g = rnd.floats(N, -1, 1);
        float[] d0 = rnd.floats(N, -1, 1);
        Tensor dx = be.fromArray(d0, N);
        ops.dropoutBackward(spec, be.fromArray(g, N), dx);
        float[] d = be.toArray(dx);
        for (int i = 0; i < N; i++) {
            assertEquals(Float.floatToRawIntBits(x[i] * m[i]), Float.floatToRawIntBits(o[i]), "forward " + i);
            assertEquals(Float.floatToRawIntBits(d0[i] + g[i] * m[i]), Float.floatToRawIntBits(d[i]),
                    "backward accumulates with the same mask, element " + i + " seed " + rnd.seed());
        }
    }

    @Test
    void dropoutEdgeCases() {
        TestRandom rnd = new TestRandom();
        float[] x = rnd.floats(1003, -2, 2);
        Tensor out = be.zeros(1003);
        ops.dropoutForward(be.fromArray(x, 1003), new DropoutSpec(0f, key(rnd)), out);
        assertArrayEquals(x, be.toArray(out), "p = 0 is the identity");
        float[] nan = new float[64];
        Arrays.fill(nan, Float.NaN);
        Tensor o2 = be.zeros(64);
        ops.dropoutForward(be.fromArray(nan, 64), new DropoutSpec(0.5f, key(rnd)), o2);
        for (float v : be.toArray(o2)) {
            assertTrue(Float.isNaN(v), "dropped NaN stays NaN (multiply, as torch)");
        }
        // Vector body and scalar reference agree bitwise.
        float[] mk = new float[RandomDropout.TILE];
        RandomDropout.mask(key(rnd), 0.3f, 0, mk, mk.length);
        float[] xs = rnd.floats(mk.length, -1, 1);
        float[] a = new float[mk.length], b = new float[mk.length];
        RandomDropout.multiply(xs, 0, mk, a, 0, mk.length);
        RandomDropout.scalarMultiply(xs, 0, mk, 0, b, 0, mk.length);
        assertArrayEquals(b, a, "vector vs scalar dropout; seed " + rnd.seed());
    }

    @Test
    void rejectsBadArguments() {
        PhiloxKey k = new PhiloxKey(1, 2, 3);
        Tensor f = be.zeros(8);
        Tensor i = be.tensor(DType.I32, false, 8);
        assertThrows(IllegalArgumentException.class, () -> ops.uniform(k, 1f, 1f, f));
        assertThrows(IllegalArgumentException.class, () -> ops.uniform(k, 0f, 1f, i));
        assertThrows(IllegalArgumentException.class, () -> ops.normal(k, 0f, -1f, f));
        var e = assertThrows(IllegalArgumentException.class, () -> ops.randint(k, 5, 5, i));
        assertTrue(e.getMessage().contains("randint") && e.getMessage().contains("hi > lo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.randint(k, 0, 5, f));
        Tensor probs = be.fromArray(new float[] {1, 2, -1, 0}, 2, 2);
        var ce = assertThrows(IllegalArgumentException.class,
                () -> ops.categorical(k, probs, be.tensor(DType.I32, false, 2)));
        assertTrue(ce.getMessage().contains("row 1"), ce.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.categorical(k, be.zeros(2, 2), be.zeros(2)));
        assertThrows(IllegalArgumentException.class,
                () -> ops.categorical(k, be.zeros(2, 2), be.tensor(DType.I32, false, 3)));
        assertThrows(IllegalArgumentException.class, () -> new DropoutSpec(1f, k));
        assertThrows(IllegalArgumentException.class, () -> ops.dropoutForward(f, new DropoutSpec(0.1f, k), be.zeros(9)));
    }
}
