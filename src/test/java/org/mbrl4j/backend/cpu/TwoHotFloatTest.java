package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The cpu_fast_math two-hot heads ({@link TwoHotFloat} through {@link TwoHotSoftCe} and
 * {@link TwoHotExpectation} with fastMath) against float64 written here, on fresh random logits:
 * bin counts around the vector width (tails), logit scales 0.1 to 300, a large common offset, ±0,
 * constant rows and targets across the grid; each assertion is the bound TwoHotFloat states.
 */
class TwoHotFloatTest {
    private static final double U = VectorSums.U;
    /** Higham's underflow term per rounding of a result in the subnormal range. */
    private static final double ETA = 0x1p-149;
    private static final int[] BINS = {2, 5, 15, 16, 17, 33, 64, 101, 255};

    private static Bins bins(TestRandom rnd, int v) {
        return v == 101 ? Bins.tdmpc2Default() : new Bins(v, (float) rnd.uniform(-12, -1), (float) rnd.uniform(1, 12));
    }

    /** Rows logits of V: kind 0-3 scales 0.1, 1, 10, 300; 4 a +-2e3 offset; 5 ±0 sprinkled; 6 constant. */
    private static float[] logits(TestRandom rnd, int rows, int v, int kind) {
        double[] scales = {0.1, 1, 10, 300};
        float[] l = rnd.normals(rows * v, kind < 4 ? scales[kind] : 2);
        if (kind == 4) {
            float offset = (float) rnd.uniform(-2e3, 2e3);
            for (int i = 0; i < l.length; i++) {
                l[i] += offset;
            }
        } else if (kind == 5) {
            for (int i = 0; i < l.length; i += 2) {
                l[i] = i % 4 == 0 ? 0f : -0f;
            }
        } else if (kind == 6) {
            java.util.Arrays.fill(l, (float) rnd.uniform(-5, 5));
        }
        return l;
    }

    /** Float64 softmax pieces of one row: the max M, p_j, lse, and the absolute error bound of each ê_j/s. */
    private record Row(double max, double[] p, double lse, double[] expErr, double sigma) {
        static Row of(float[] l, int off, int v) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                m = Math.max(m, l[off + j]);
            }
            double s = 0;
            double[] e = new double[v];
            for (int j = 0; j < v; j++) {
                e[j] = Math.exp(l[off + j] - m);
                s += e[j];
            }
            double[] p = new double[v];
            double[] err = new double[v];
            for (int j = 0; j < v; j++) {
                double x = l[off + j] - m;
                p[j] = e[j] / s;
                err[j] = (1.001 * (U * Math.abs(x) + 4 * U) * e[j] + (x < -87 ? 2e-38 : 0)) / s;
            }
            double sigma = U * (Math.log(v) + 4) * 1.001 + 1.001 * VectorSums.gamma(VectorSums.depth(v)) + v * 2e-38;
            return new Row(m, p, m + Math.log(s), err, sigma);
        }

        double mean(float[] centers) {
            double t = 0;
            for (int j = 0; j < p.length; j++) {
                t += p[j] * centers[j];
            }
            return t;
        }
    }

    private static double maxAbs(float[] c) {
        double m = 0;
        for (float v : c) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * The fixed order itself, bit for bit: every e_j equals the scalar {@link VectorMath#exp}(l_j − M) (the tail's
     * too, computed in one masked vector), s and t are the lane sums of the whole vectors (lane order, then lanes
     * summed in order) followed by the tail one element at a time.
     */
    @Test
    void expSumsKeepTheScalarExpBitsAndTheFixedSumOrder() {
        TestRandom rnd = new TestRandom();
        int lanes = VectorWidth.enabled() ? VectorWidth.FLOAT.length() : 1;
        for (int v : BINS) {
            for (int kind = 0; kind < 7; kind++) {
                int off = rnd.nextInt(40);
                float[] l = logits(rnd, 1, off + v, kind);
                float[] centers = TwoHotFloat.centers(bins(rnd, v));
                float m = TwoHotFloat.max(l, off, v);
                float[] e = new float[v];
                float[] st = new float[2];
                TwoHotFloat.expSums(l, off, v, m, centers, e, st);
                String why = "V " + v + ", kind " + kind + ", seed " + rnd.seed();
                int whole = VectorWidth.enabled() ? v / lanes * lanes : 0;
                float[] laneS = new float[lanes];
                float[] laneT = new float[lanes];
                for (int j = 0; j < v; j++) {
                    float ej = VectorMath.exp(l[off + j] - m);
                    assertEquals(Float.floatToRawIntBits(ej), Float.floatToRawIntBits(e[j]), "e_" + j + ", " + why);
                    if (j < whole) {
                        laneS[j % lanes] += ej;
                        laneT[j % lanes] = Math.fma(ej, centers[j], laneT[j % lanes]);
                    }
                }
                float sRef = 0f;
                float tRef = 0f;
                for (int i = 0; i < lanes && whole > 0; i++) {
                    sRef += laneS[i];
                    tRef += laneT[i];
                }
                for (int j = whole; j < v; j++) {
                    sRef += e[j];
                    tRef = Math.fma(e[j], centers[j], tRef);
                }
                assertEquals(Float.floatToRawIntBits(sRef), Float.floatToRawIntBits(st[0]), "s, " + why);
                assertEquals(Float.floatToRawIntBits(tRef), Float.floatToRawIntBits(st[1]), "t, " + why);
            }
        }
    }

    @Test
    void logSumExpAndExpectationAreWithinTheStatedBounds() {
        TestRandom rnd = new TestRandom();
        float[] st = new float[2];
        for (int v : BINS) {
            Bins bins = bins(rnd, v);
            float[] centers = TwoHotFloat.centers(bins);
            double cMax = maxAbs(centers);
            for (int kind = 0; kind < 7; kind++) {
                int rows = 9;
                float[] l = logits(rnd, rows, v, kind);
                float[] out = new float[rows];
                TwoHotExpectation.forward(tensor(l, rows, v), bins, tensor(out, rows), rows, true);
                for (int r = 0; r < rows; r++) {
                    Row ref = Row.of(l, r * v, v);
                    String where = "V=" + v + " kind=" + kind + " row " + r + ", seed " + rnd.seed();
                    assertEquals(ref.lse(), TwoHotFloat.logSumExp(l, r * v, v, st), 1.001 * ref.sigma(), "lse " + where);
                    double m = ref.mean(centers);
                    double dm = 2.01 * cMax * ref.sigma() + 1.01 * U * Math.abs(m);
                    assertEquals(m, TwoHotFloat.mean(l, r * v, centers, st), dm, "mean " + where);
                    double outRef = Math.signum(m) * Math.expm1(Math.abs(m));
                    assertEquals(outRef, out[r], Math.exp(Math.abs(m) + dm) * dm + 2 * U * Math.abs(outRef), "out " + where);
                }
            }
        }
    }

    @Test
    void softCrossEntropyAndItsGradientAreWithinTheStatedBounds() {
        TestRandom rnd = new TestRandom();
        for (int v : BINS) {
            Bins bins = bins(rnd, v);
            for (int kind = 0; kind < 7; kind++) {
                int rows = 9;
                float[] l = logits(rnd, rows, v, kind);
                float[] target = new float[rows];
                for (int r = 0; r < rows; r++) {
                    target[r] = (float) ((rnd.nextInt(2) == 0 ? -1 : 1) * Math.expm1(rnd.uniform(0, 1.1 * bins.vmax())));
                }
                target[0] = ScalarMath.symexp(bins.vmax());
                target[1] = 0f;
                float[] dout = rnd.normals(rows, 2);
                float[] out = new float[rows];
                float[] dl = new float[rows * v];
                TwoHotSoftCe.forward(tensor(l, rows, v), tensor(target, rows), bins, tensor(out, rows), rows, true);
                TwoHotSoftCe.backward(tensor(l, rows, v), tensor(target, rows), bins, tensor(dout, rows),
                        tensor(dl, rows, v), rows, true);
                for (int r = 0; r < rows; r++) {
                    Row ref = Row.of(l, r * v, v);
                    float t = TwoHotEncode.position(target[r], bins);
                    int b = TwoHotEncode.lowerBin(t, bins);
                    double f = t - b;
                    double ce = ref.lse() - (1 - f) * l[r * v + b] - f * l[r * v + b + 1];
                    String where = "V=" + v + " kind=" + kind + " row " + r + ", seed " + rnd.seed();
                    assertEquals(ce, out[r], 1.001 * ref.sigma() + U * Math.abs(ce), "ce " + where);
                    double g = dout[r];
                    for (int j = 0; j < v; j++) {
                        double w = j == b ? 1 - f : j == b + 1 ? f : 0;
                        double want = g * (ref.p()[j] - w);
                        double bound = Math.abs(g) * (1.01 * (ref.expErr()[j] + ref.p()[j] * (ref.sigma() + U))
                                + 3.01 * U * Math.abs(ref.p()[j] - w)) + 4 * ETA;
                        assertEquals(want, dl[r * v + j], bound, "dl[" + j + "] " + where);
                    }
                }
            }
        }
    }

    @Test
    void expectationGradientIsWithinTheStatedBound() {
        TestRandom rnd = new TestRandom();
        for (int v : BINS) {
            Bins bins = bins(rnd, v);
            float[] centers = TwoHotFloat.centers(bins);
            double cMax = maxAbs(centers);
            for (int kind = 0; kind < 7; kind++) {
                int rows = 9;
                float[] l = logits(rnd, rows, v, kind);
                float[] dout = rnd.normals(rows, 2);
                float[] dl = new float[rows * v];
                TwoHotExpectation.backward(tensor(l, rows, v), bins, tensor(dout, rows), tensor(dl, rows, v), rows, true);
                for (int r = 0; r < rows; r++) {
                    Row ref = Row.of(l, r * v, v);
                    double m = ref.mean(centers);
                    double dm = 2.01 * cMax * ref.sigma() + 1.01 * U * Math.abs(m);
                    double bigG = dout[r] * Math.exp(Math.abs(m));
                    String where = "V=" + v + " kind=" + kind + " row " + r + ", seed " + rnd.seed();
                    for (int j = 0; j < v; j++) {
                        double p = ref.p()[j];
                        double want = bigG * p * (centers[j] - m);
                        double rel = 1.01 * dm + ref.sigma() + 4 * U;
                        double bound = Math.abs(bigG) * (1.01 * Math.abs(centers[j] - m) * (p * rel + ref.expErr()[j])
                                + 1.01 * dm * p) + 4 * ETA;
                        assertEquals(want, dl[r * v + j], bound, "dl[" + j + "] " + where);
                    }
                }
            }
        }
    }

    private static Tensor tensor(float[] data, int... shape) {
        return new Tensor(new HostStorage(data, null), 0, shape, false);
    }
}
