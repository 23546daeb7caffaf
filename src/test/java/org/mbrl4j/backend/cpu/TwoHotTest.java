package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * Two-hot encode, soft cross-entropy and expectation against float64 references written from
 * tdmpc2 common/math.py ({@code two_hot}, {@code soft_ce}, {@code two_hot_inv}).
 */
class TwoHotTest {
    private static final double FLOAT_EPS = Math.ulp(1f);

    private final Backend be = new CpuBackend();
    private final LossOps ops = be.loss();

    /** The default bins half the time, otherwise a random grid (V in [2, 120], asymmetric range). */
    private static Bins randomBins(TestRandom rnd) {
        if (rnd.nextInt(2) == 0) {
            return Bins.tdmpc2Default();
        }
        return new Bins(rnd.nextInt(2, 121), (float) rnd.uniform(-12, -1), (float) rnd.uniform(1, 12));
    }

    /** Targets spread over ±1000 on a log scale, plus 0, the range ends, and values past the clamp. */
    private static float[] targets(TestRandom rnd, int n, Bins bins) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((rnd.nextInt(2) == 0 ? -1 : 1) * Math.expm1(rnd.uniform(0, Math.log1p(1000))));
        }
        x[0] = 0f;
        x[1] = ScalarMath.symexp(bins.vmax());
        x[2] = ScalarMath.symexp(bins.vmin());
        x[3] = 1e9f;
        x[4] = -1e9f;
        return x;
    }

    private static double symlog(double x) {
        return Math.signum(x) * Math.log1p(Math.abs(x));
    }

    /** float64 two_hot of tdmpc2 (floor and mod V). */
    private static double[] twoHotRef(double x, Bins bins) {
        int k = bins.numBins();
        double size = ((double) bins.vmax() - bins.vmin()) / (k - 1);
        double y = Math.min(Math.max(symlog(x), bins.vmin()), bins.vmax());
        double t = (y - bins.vmin()) / size;
        int lo = (int) Math.floor(t);
        double f = t - lo;
        double[] w = new double[k];
        w[lo % k] += 1 - f;
        w[(lo + 1) % k] += f;
        return w;
    }

    /** Bound on the float error of the op's grid position t = (y - vmin)/binSize, y ≤ max|v|: a few ulps. */
    private static double positionTolerance(Bins bins) {
        double range = Math.max(Math.abs(bins.vmin()), Math.abs(bins.vmax()));
        return 8 * FLOAT_EPS * (bins.numBins() - 1) * (1 + range / (bins.vmax() - bins.vmin()));
    }

    @Test
    void encodeIsTwoAdjacentWeightsThatDecodeToTheClampedSymlog() {
        TestRandom rnd = new TestRandom();
        for (int trial = 0; trial < 8; trial++) {
            Bins bins = randomBins(rnd);
            int k = bins.numBins();
            int n = 257;
            float[] x = targets(rnd, n, bins);
            Tensor out = be.zeros(n, k);
            ops.twoHotEncode(be.fromArray(x, n), bins, out);
            float[] w = be.toArray(out);
            double tol = positionTolerance(bins) * bins.binSize();
            for (int r = 0; r < n; r++) {
                String at = "x=" + x[r] + " bins " + bins + " seed " + rnd.seed();
                double sum = 0, decoded = 0;
                int first = -1, nonZero = 0;
                for (int j = 0; j < k; j++) {
                    float v = w[r * k + j];
                    assertTrue(v >= 0f && v <= 1f, "weight " + v + " at bin " + j + "; " + at);
                    sum += v;
                    decoded += v * (double) bins.center(j);
                    if (v != 0f) {
                        first = first < 0 ? j : first;
                        nonZero++;
                        assertTrue(j - first <= 1, "non-zero bins " + first + " and " + j + " not adjacent; " + at);
                    }
                }
                assertTrue(nonZero >= 1 && nonZero <= 2, nonZero + " non-zero bins; " + at);
                assertEquals(1.0, sum, 2 * FLOAT_EPS, "weights sum; " + at);
                double y = Math.min(Math.max(symlog(x[r]), bins.vmin()), bins.vmax());
                assertEquals(y, decoded, tol, "decode; " + at);
            }
            // x = symexp(vmax) (up to its float rounding) and beyond: all weight on the last bin, none on bin 0.
            assertEquals(1f, w[k + k - 1], positionTolerance(bins), "top of the range; " + bins);
            assertEquals(0f, w[k], "no weight wraps to bin 0; " + bins);
            // Clamped: t = (vmax - vmin)/binSize is V-1 only up to float rounding of binSize.
            assertEquals(1f, w[3 * k + k - 1], positionTolerance(bins), "clamped above; " + bins);
            assertEquals(1f, w[4 * k], "clamped below (t = 0 exactly); " + bins);
        }
    }

    @Test
    void softCeEqualsFloat64Reference() {
        TestRandom rnd = new TestRandom();
        for (int trial = 0; trial < 6; trial++) {
            Bins bins = randomBins(rnd);
            int k = bins.numBins();
            int rows = 64;
            float[] logits = rnd.normals(rows * k, rnd.uniform(0.1, 5));
            float[] x = targets(rnd, rows, bins);
            Tensor out = be.zeros(rows);
            ops.twoHotSoftCeForward(be.fromArray(logits, rows, k), be.fromArray(x, rows), bins, out);
            float[] ce = be.toArray(out);
            for (int r = 0; r < rows; r++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    m = Math.max(m, logits[r * k + j]);
                }
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += Math.exp(logits[r * k + j] - m);
                }
                double lse = m + Math.log(s);
                double[] w = twoHotRef(x[r], bins);
                double ref = 0, maxStep = 0;
                for (int j = 0; j < k; j++) {
                    ref -= w[j] * (logits[r * k + j] - lse);
                    if (j + 1 < k) {
                        maxStep = Math.max(maxStep, Math.abs(logits[r * k + j + 1] - logits[r * k + j]));
                    }
                }
                // The op encodes in float: its weight f may differ by the position error, which moves the
                // loss by at most that error times the logit step between neighbouring bins.
                double tol = 4 * FLOAT_EPS * (1 + Math.abs(lse) + Math.abs(ref)) + positionTolerance(bins) * maxStep;
                assertEquals(ref, ce[r], tol, "soft CE row " + r + " x=" + x[r] + " bins " + bins + " seed " + rnd.seed());
            }
        }
    }

    @Test
    void expectationOfPeakedLogitsIsSymexpOfTheCenter() {
        TestRandom rnd = new TestRandom();
        Bins bins = randomBins(rnd);
        int k = bins.numBins();
        // Logit gap 100: every other bin has softmax weight < V·e^-100, far below float resolution.
        float peak = 50f;
        int[] hot = {0, k - 1, rnd.nextInt(k), rnd.nextInt(k), k / 2};
        float[] logits = new float[hot.length * k];
        Arrays.fill(logits, -peak);
        for (int r = 0; r < hot.length; r++) {
            logits[r * k + hot[r]] = peak;
        }
        Tensor out = be.zeros(hot.length);
        ops.twoHotExpectationForward(be.fromArray(logits, hot.length, k), bins, out);
        float[] v = be.toArray(out);
        for (int r = 0; r < hot.length; r++) {
            double expected = Math.signum(bins.center(hot[r])) * Math.expm1(Math.abs(bins.center(hot[r])));
            assertEquals(expected, v[r], 4 * FLOAT_EPS * Math.max(1, Math.abs(expected)),
                    "bin " + hot[r] + " of " + bins + " seed " + rnd.seed());
        }
    }

    @Test
    void expectationEqualsFloat64Reference() {
        TestRandom rnd = new TestRandom();
        Bins bins = randomBins(rnd);
        int k = bins.numBins(), rows = 50;
        float[] logits = rnd.normals(rows * k, 2);
        Tensor out = be.zeros(rows);
        ops.twoHotExpectationForward(be.fromArray(logits, rows, k), bins, out);
        float[] v = be.toArray(out);
        for (int r = 0; r < rows; r++) {
            double m = Double.NEGATIVE_INFINITY, s = 0, mean = 0;
            for (int j = 0; j < k; j++) {
                m = Math.max(m, logits[r * k + j]);
            }
            for (int j = 0; j < k; j++) {
                s += Math.exp(logits[r * k + j] - m);
            }
            for (int j = 0; j < k; j++) {
                mean += Math.exp(logits[r * k + j] - m) / s * (bins.vmin() + j * (double) bins.binSize());
            }
            double expected = Math.signum(mean) * Math.expm1(Math.abs(mean));
            // mean is rounded to float before symexp: relative error ≈ eps·(1 + |mean|) after exp(|mean|).
            double tol = 4 * FLOAT_EPS * (1 + Math.abs(mean)) * Math.exp(Math.abs(mean));
            assertEquals(expected, v[r], tol, "row " + r + " bins " + bins + " seed " + rnd.seed());
        }
    }

    @Test
    void rejectsMismatchedBinsAndRows() {
        Bins bins = new Bins(5, -1f, 1f);
        assertThrows(IllegalArgumentException.class, () -> ops.twoHotSoftCeForward(be.zeros(3, 4), be.zeros(3), bins,
                be.zeros(3)));
        var e = assertThrows(IllegalArgumentException.class, () -> ops.twoHotSoftCeForward(be.zeros(3, 5), be.zeros(2),
                bins, be.zeros(3)));
        assertTrue(e.getMessage().contains("twoHotSoftCeForward") && e.getMessage().contains("target"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.twoHotEncode(be.zeros(3), bins, be.zeros(3, 4)));
        assertThrows(IllegalArgumentException.class, () -> ops.twoHotExpectationForward(be.zeros(3, 5), bins,
                be.zeros(3, 1)));
    }
}
