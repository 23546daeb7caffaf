package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * PlaNet's two Gaussian losses on the CPU against independent float64 formulas on fresh random inputs:
 * the KL between diagonal Gaussians with free nats (written here as ½(σq²/σp² + d²/σp² - 1 + ln σp²/σq²),
 * a different arrangement from the kernel's) and the unit-variance NLL (Σ -ln N(x; μ, 1) with ln 2π
 * from Math, not the shared constant); the clamp, its zero gradient, and the accumulate convention.
 */
class GaussianLossForwardTest {
    private final CpuBackend be = new CpuBackend();
    private final LossOps loss = be.loss();
    private final TestRandom rnd = new TestRandom();

    /** The four KL inputs; std in [0.3, 2) so the log and 1/σ terms stay moderate. */
    private record Kl(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP) {}

    private Kl randomKl(int rows, int dim) {
        return new Kl(rnd.uniform(be, false, -2, 2, rows, dim), rnd.uniform(be, false, 0.3, 2, rows, dim),
                rnd.uniform(be, false, -2, 2, rows, dim), rnd.uniform(be, false, 0.3, 2, rows, dim));
    }

    private double[] klFloat64(Kl k, int rows, int dim) {
        float[] mq = be.toArray(k.muQ), sq = be.toArray(k.stdQ), mp = be.toArray(k.muP), sp = be.toArray(k.stdP);
        double[] kl = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                int i = r * dim + j;
                double vq = (double) sq[i] * sq[i], vp = (double) sp[i] * sp[i], d = (double) mq[i] - mp[i];
                kl[r] += 0.5 * (vq / vp + d * d / vp - 1 + Math.log(vp / vq));
            }
        }
        return kl;
    }

    @ParameterizedTest(name = "rows={0} dim={1} freeNats={2}")
    @CsvSource({"1,1,0", "7,30,0", "50,30,3", "33,5,2.5", "300,30,20"})
    void klMatchesFloat64AndClamps(int rows, int dim, float freeNats) {
        Kl k = randomKl(rows, dim);
        Tensor out = be.zeros(rows);
        be.fill(out, Float.NaN); // the forward ignores out's contents
        loss.gaussianKlForward(k.muQ, k.stdQ, k.muP, k.stdP, freeNats, out);
        double[] want = klFloat64(k, rows, dim);
        float[] got = be.toArray(out);
        for (int r = 0; r < rows; r++) {
            double expected = Math.max(want[r], freeNats);
            assertEquals(expected, got[r], 1e-6 + 1e-6 * Math.abs(expected), "row " + r + " kl " + want[r]);
            if (want[r] < freeNats - 1e-4) {
                assertEquals(freeNats, got[r], "a clamped row is exactly freeNats, row " + r);
            }
        }
    }

    @Test
    void klIsZeroForEqualGaussians() {
        Tensor mu = rnd.uniform(be, false, -3, 3, 4, 30);
        Tensor std = rnd.uniform(be, false, 0.1, 3, 4, 30);
        Tensor out = be.zeros(4);
        loss.gaussianKlForward(mu, std, mu, std, 0f, out);
        for (float v : be.toArray(out)) {
            assertEquals(0f, v);
        }
    }

    @Test
    void klBackwardMatchesFloat64DerivativesAndIsZeroWhereTheClampBinds() {
        int rows = 40, dim = 6;
        Kl k = randomKl(rows, dim);
        double[] kl = klFloat64(k, rows, dim);
        float freeNats = (float) median(kl);
        Tensor out = be.zeros(rows);
        loss.gaussianKlForward(k.muQ, k.stdQ, k.muP, k.stdP, freeNats, out);
        Tensor dout = rnd.uniform(be, false, -1, 1, rows);
        Tensor[] grads = new Tensor[4];
        float[][] before = new float[4][];
        for (int i = 0; i < 4; i++) {
            grads[i] = rnd.uniform(be, false, -1, 1, rows, dim); // gradients accumulate onto these
            before[i] = be.toArray(grads[i]);
        }
        loss.gaussianKlBackward(k.muQ, k.stdQ, k.muP, k.stdP, freeNats, out, dout, grads[0], grads[1], grads[2],
                grads[3]);
        float[] mq = be.toArray(k.muQ), sq = be.toArray(k.stdQ), mp = be.toArray(k.muP), sp = be.toArray(k.stdP);
        float[] g = be.toArray(dout);
        int bound = 0;
        for (int r = 0; r < rows; r++) {
            boolean binds = kl[r] <= freeNats;
            bound += binds ? 1 : 0;
            for (int j = 0; j < dim; j++) {
                int i = r * dim + j;
                double d = (double) mq[i] - mp[i], q = sq[i], p = sp[i];
                double scale = binds ? 0 : g[r];
                double[] want = {scale * d / (p * p), scale * (q / (p * p) - 1 / q), -scale * d / (p * p),
                        scale * (1 / p - (q * q + d * d) / (p * p * p))};
                for (int t = 0; t < 4; t++) {
                    double got = be.toArray(grads[t])[i] - (double) before[t][i];
                    assertEquals(want[t], got, 1e-5 + 1e-5 * Math.abs(want[t]), "grad " + t + " row " + r + " dim " + j);
                }
            }
        }
        assertTrue(bound > 0 && bound < rows, "the median clamp should bind on some rows only, bound " + bound);
    }

    @Test
    void klBackwardSkipsNullGradients() {
        Kl k = randomKl(3, 4);
        Tensor out = be.zeros(3);
        loss.gaussianKlForward(k.muQ, k.stdQ, k.muP, k.stdP, 0f, out);
        Tensor dstdP = be.zeros(3, 4);
        loss.gaussianKlBackward(k.muQ, k.stdQ, k.muP, k.stdP, 0f, out, rnd.uniform(be, false, 0.5, 1, 3), null, null,
                null, dstdP);
        float[] d = be.toArray(dstdP);
        assertTrue(d[0] != 0f, "dstdP should be written");
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @CsvSource({"1,1", "5,3", "50,1024", "7,230"})
    void unitGaussianNllMatchesFloat64(int rows, int cols) {
        Tensor mean = rnd.uniform(be, false, -2, 2, rows, cols);
        Tensor target = rnd.uniform(be, false, -2, 2, rows, cols);
        Tensor out = be.zeros(rows);
        be.fill(out, Float.NaN);
        loss.unitGaussianNllForward(mean, target, out);
        float[] m = be.toArray(mean), t = be.toArray(target), got = be.toArray(out);
        for (int r = 0; r < rows; r++) {
            double nll = 0;
            for (int c = 0; c < cols; c++) {
                double d = (double) t[r * cols + c] - m[r * cols + c];
                nll -= -0.5 * d * d - 0.5 * Math.log(2 * Math.PI); // -ln N(t; m, 1)
            }
            assertEquals(nll, got[r], 2e-7 * Math.abs(nll) + 1e-6, "row " + r);
        }
        Tensor dout = rnd.uniform(be, false, -1, 1, rows);
        Tensor dmean = be.zeros(rows, cols);
        be.fill(dmean, 1f); // accumulates
        Tensor dtarget = be.zeros(rows, cols);
        loss.unitGaussianNllBackward(mean, target, dout, dmean, dtarget);
        float[] g = be.toArray(dout), dm = be.toArray(dmean), dt = be.toArray(dtarget);
        for (int i = 0; i < rows * cols; i++) {
            double want = g[i / cols] * ((double) m[i] - t[i]);
            assertEquals(1 + want, dm[i], 1e-6 + 1e-6 * Math.abs(want), "dmean " + i);
            assertEquals(-want, dt[i], 1e-6 + 1e-6 * Math.abs(want), "dtarget " + i);
        }
    }

    @Test
    void contractRejectsBadFreeNatsAndShapes() {
        Kl k = randomKl(3, 4);
        Tensor out = be.zeros(3);
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.gaussianKlForward(k.muQ, k.stdQ, k.muP, k.stdP, bad, out));
            assertTrue(e.getMessage().contains("freeNats=" + bad), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.gaussianKlForward(k.muQ, be.zeros(3, 5), k.muP, k.stdP, 0f, out));
        assertTrue(e.getMessage().contains("stdQ"), e.getMessage());
        IllegalArgumentException nll = assertThrows(IllegalArgumentException.class,
                () -> loss.unitGaussianNllForward(k.muQ, k.muP, be.zeros(4)));
        assertTrue(nll.getMessage().contains("out"), nll.getMessage());
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
