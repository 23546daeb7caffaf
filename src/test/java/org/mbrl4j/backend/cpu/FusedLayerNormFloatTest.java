package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The cpu_fast_math LayerNorm reductions ({@link VectorSums}, {@link FusedLayerNormFloat}) against
 * float64 on fresh random rows: lengths around the vector width (tails), large magnitudes with small
 * spread, ±0 and constant rows; each assertion is the bound the Javadoc states.
 */
class FusedLayerNormFloatTest {
    private static final double U = VectorSums.U;
    private static final int[] SIZES = {1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 101, 255, 256, 512, 515, 1024};

    /** A row of one of five kinds: plain, large offset with small spread, huge spread, ±0 sprinkled, constant. */
    private static float[] row(TestRandom rnd, int n, int kind) {
        float[] x = switch (kind) {
            case 0 -> rnd.normals(n, 1);
            case 1 -> {
                float[] a = rnd.normals(n, rnd.uniform(0.01, 10));
                float offset = (float) rnd.uniform(-3e4, 3e4);
                for (int i = 0; i < n; i++) {
                    a[i] += offset;
                }
                yield a;
            }
            case 2 -> rnd.floats(n, -1e6, 1e6);
            case 3 -> rnd.normals(n, 3);
            default -> new float[n];
        };
        if (kind == 3) {
            for (int i = 0; i < n; i += 3) {
                x[i] = i % 2 == 0 ? 0f : -0f;
            }
        }
        if (kind == 4) {
            java.util.Arrays.fill(x, rnd.nextInt(2) == 0 ? -0f : 2.5f);
        }
        return x;
    }

    @Test
    void sumsAreWithinGammaOfTheirDepth() {
        TestRandom rnd = new TestRandom();
        for (int n : SIZES) {
            for (int kind = 0; kind < 5; kind++) {
                float[] x = row(rnd, n, kind);
                int off = rnd.nextInt(5);
                float[] padded = new float[n + off];
                System.arraycopy(x, 0, padded, off, n);
                double exact = 0;
                double abs = 0;
                for (float v : x) {
                    exact += v;
                    abs += Math.abs(v);
                }
                double bound = VectorSums.gamma(VectorSums.depth(n)) * abs;
                float got = VectorSums.sum(padded, off, n);
                assertTrue(Math.abs(got - exact) <= bound,
                        "sum n=" + n + " kind=" + kind + ": " + got + " vs " + exact + ", bound " + bound + ", seed " + rnd.seed());
                float c = x[rnd.nextInt(n)];
                double sq = 0;
                for (float v : x) {
                    sq += ((double) v - c) * ((double) v - c);
                }
                float gotSq = VectorSums.sumSquaredDeviation(padded, off, n, c);
                double sqBound = VectorSums.gamma(VectorSums.depth(n) + 2) * sq;
                assertTrue(Math.abs(gotSq - sq) <= sqBound, "squares n=" + n + " kind=" + kind + ", seed " + rnd.seed());
            }
        }
    }

    @Test
    void statisticsAreWithinTheStatedBound() {
        TestRandom rnd = new TestRandom();
        float eps = 1e-5f;
        for (int n : SIZES) {
            for (int kind = 0; kind < 5; kind++) {
                float[] x = row(rnd, n, kind);
                double mu = 0;
                double abs = 0;
                for (float v : x) {
                    mu += v;
                    abs += Math.abs(v);
                }
                mu /= n;
                double var = 0;
                for (float v : x) {
                    var += (v - mu) * (v - mu);
                }
                var /= n;
                double rstd = 1 / Math.sqrt(var + eps);
                float[] mean = new float[1];
                float[] rs = new float[1];
                FusedLayerNormFloat.statistics(x, 0, n, eps, mean, 0, rs, 0);
                int d = VectorSums.depth(n);
                double dMu = VectorSums.gamma(d + 1) * abs / n;
                String where = "n=" + n + " kind=" + kind + ", seed " + rnd.seed();
                assertTrue(Math.abs(mean[0] - mu) <= dMu, "mean " + mean[0] + " vs " + mu + ", " + where);
                double dVar = VectorSums.gamma(d + 3) * (var + dMu * dMu) + dMu * dMu;
                double rho = dVar / (var + eps);
                if (rho < 1) {
                    double bound = 0.5 * rho / (1 - rho) + U;
                    assertTrue(Math.abs(rs[0] / rstd - 1) <= bound,
                            "rstd " + rs[0] + " vs " + rstd + " bound " + bound + ", " + where);
                }
            }
        }
    }

    @Test
    void inputGradientIsWithinTheStatedBoundOfTheFloat64Path() {
        TestRandom rnd = new TestRandom();
        for (int n : SIZES) {
            for (int kind = 0; kind < 5; kind++) {
                float[] u = row(rnd, n, kind);
                float[] gamma = rnd.floats(2 * n, 0.5, 1.5);
                float[] mean = new float[1];
                float[] rstd = new float[1];
                FusedLayerNormFloat.statistics(u, 0, n, 1e-5f, mean, 0, rstd, 0);
                float[] dh = kind == 2 ? rnd.floats(n, -1e3, 1e3) : rnd.normals(n, 1);
                float[] fast = dh.clone();
                float[] ref = dh.clone();
                int e = rnd.nextInt(2);
                FusedLayerNormFloat.input(u, 0, mean[0], rstd[0], gamma, e * n, fast, 0, n);
                FusedLayerNormGrad.input(tensor(u, 1, n), tensor(mean, 1), tensor(rstd, 1), tensor(gamma, 2, n), e, 0,
                        ref, n);
                float mu = mean[0];
                float rs = rstd[0];
                double sumG = 0;
                double sumGx = 0;
                double absG = 0;
                double absGx = 0;
                float[] g = new float[n];
                float[] xhat = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = dh[i] * gamma[e * n + i];
                    xhat[i] = (u[i] - mu) * rs;
                    sumG += g[i];
                    sumGx += (double) g[i] * xhat[i];
                    absG += Math.abs(g[i]);
                    absGx += Math.abs((double) g[i] * xhat[i]);
                }
                double mG = sumG / n;
                double mGx = sumGx / n;
                double gam = VectorSums.gamma(VectorSums.depth(n) + 1);
                double dG = gam * absG / n + U * Math.abs(mG);
                double dGx = gam * absGx / n + U * Math.abs(mGx);
                for (int i = 0; i < n; i++) {
                    double bound = rs * (dG + Math.abs(xhat[i]) * dGx)
                            + 8 * U * rs * (Math.abs(g[i]) + Math.abs(mG) + Math.abs(xhat[i] * mGx)) + 8 * 0x1p-149;
                    assertEquals(ref[i], fast[i], bound, "du[" + i + "] n=" + n + " kind=" + kind + ", seed " + rnd.seed());
                }
            }
        }
    }

    private static Tensor tensor(float[] data, int... shape) {
        return new Tensor(new HostStorage(data, null), 0, shape, false);
    }
}
