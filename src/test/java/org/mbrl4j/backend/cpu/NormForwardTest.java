package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertClose;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertRejects;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertSameBits;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * LayerNorm, SimNorm, softmax and log-softmax against float64 formulas written here. Row sums run in
 * float over C terms, so tolerances are a few ulps times sqrt(C)-ish growth: 1e-5 relative.
 */
class NormForwardTest {
    private static final float EPS = 1e-5f;
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;
    /** Float unit roundoff 2^-24. */
    private static final double ULP = 0x1p-24;
    /**
     * LayerNorm outputs: the vector path sums a row in float lanes, which moves the mean by about
     * u·|x|·sqrt(F/3) ≈ 6e-8 · 3 · 13 ≈ 2.4e-6 at worst for |x| ≈ 3, F = 512; y moves by that times
     * rstd·γ (≤ 0.75 here).
     */
    private static final double LAYER_NORM_ATOL = 4e-6;
    /** TD-MPC2's latent: 512 features in SimNorm groups of 8. */
    private static final int LATENT_DIM = 512;
    private static final int SIMNORM_DIM = 8;

    private final Backend be = new CpuBackend();
    private final NormOps ops = be.norm();
    private final TestRandom rnd = new TestRandom();

    @Test
    void layerNormForwardAndBackward() {
        checkLayerNorm(37, 67);
        checkLayerNorm(600, LATENT_DIM); // parallel rows
        checkLayerNorm(5, 1);
    }

    private void checkLayerNorm(int rows, int c) {
        String what = "layerNorm (" + rows + ", " + c + ")";
        Tensor x = rnd.normal(be, false, 2.0, rows, c);
        be.upload(shift(be.toArray(x), 3f), 0, x); // a non-zero mean exercises the subtraction
        Tensor gamma = rnd.uniform(be, false, 0.5, 1.5, c);
        Tensor beta = rnd.normal(be, false, 1.0, c);
        Tensor y = be.zeros(rows, c);
        Tensor mean = be.zeros(rows);
        Tensor rstd = be.zeros(rows);
        ops.layerNormForward(x, gamma, beta, EPS, y, mean, rstd);
        float[] xv = be.toArray(x);
        float[] gv = be.toArray(gamma);
        float[] bv = be.toArray(beta);
        Tensor dy = rnd.normal(be, false, 1.0, rows, c);
        float[] g = be.toArray(dy);
        double[] expY = new double[rows * c];
        double[] expMean = new double[rows];
        double[] expRstd = new double[rows];
        double[] expDx = new double[rows * c];
        double[] expDgamma = new double[c];
        double[] expDbeta = new double[c];
        for (int r = 0; r < rows; r++) {
            double m = 0;
            for (int j = 0; j < c; j++) {
                m += xv[r * c + j];
            }
            m /= c;
            double var = 0;
            for (int j = 0; j < c; j++) {
                var += (xv[r * c + j] - m) * (xv[r * c + j] - m);
            }
            double rs = 1 / Math.sqrt(var / c + EPS);
            expMean[r] = m;
            expRstd[r] = rs;
            double sumG = 0;
            double sumGx = 0;
            for (int j = 0; j < c; j++) {
                double xhat = (xv[r * c + j] - m) * rs;
                expY[r * c + j] = xhat * gv[j] + bv[j];
                sumG += g[r * c + j] * gv[j];
                sumGx += g[r * c + j] * gv[j] * xhat;
                expDgamma[j] += g[r * c + j] * xhat;
                expDbeta[j] += g[r * c + j];
            }
            for (int j = 0; j < c; j++) {
                double xhat = (xv[r * c + j] - m) * rs;
                expDx[r * c + j] = rs * (g[r * c + j] * gv[j] - sumG / c - xhat * sumGx / c);
            }
        }
        assertClose(what + " y", expY, be.toArray(y), LAYER_NORM_ATOL, RTOL, rnd.seed());
        assertClose(what + " mean", expMean, be.toArray(mean), LAYER_NORM_ATOL, RTOL, rnd.seed());
        assertClose(what + " rstd", expRstd, be.toArray(rstd), ATOL, RTOL, rnd.seed());
        // Stats may also carry x's leading dims, as the fused layer saves them.
        Tensor y2 = be.zeros(rows, c);
        ops.layerNormForward(x, gamma, beta, EPS, y2, be.zeros(rows), be.zeros(rows));
        ops.layerNormForward(x.reshape(1, rows, c), gamma, beta, EPS, y2.reshape(1, rows, c), mean.reshape(1, rows),
                rstd.reshape(1, rows));
        assertClose(what + " y with (1, M) stats", PointwiseTestSupport.toDouble(be.toArray(y)), be.toArray(y2), 0, 0,
                rnd.seed());
        Tensor dx = be.zeros(rows, c);
        Tensor dgamma = be.zeros(c);
        Tensor dbeta = be.zeros(c);
        ops.layerNormBackward(x, gamma, mean, rstd, dy, dx, dgamma, dbeta);
        // dx cancels three terms of size ~|dy|·γ: compare against the row's scale, not each element.
        assertClose(what + " dx", expDx, be.toArray(dx), 1e-5 * maxAbs(g) * 2, RTOL, rnd.seed());
        assertClose(what + " dgamma", expDgamma, be.toArray(dgamma), 1e-5 * Math.sqrt(rows), RTOL, rnd.seed());
        assertClose(what + " dbeta", expDbeta, be.toArray(dbeta), 1e-5 * Math.sqrt(rows), RTOL, rnd.seed());
    }

    @Test
    void simNormGroupsAreDistributions() {
        int rows = 33;
        Tensor x = rnd.normal(be, false, 3.0, rows, LATENT_DIM);
        Tensor y = be.zeros(rows, LATENT_DIM);
        ops.simNormForward(x, SIMNORM_DIM, y);
        float[] yv = be.toArray(y);
        double[] expected = softmaxRows(be.toArray(x), SIMNORM_DIM);
        assertClose("simNorm", expected, yv, ATOL, RTOL, rnd.seed());
        int groups = rows * LATENT_DIM / SIMNORM_DIM;
        double[] sums = new double[groups];
        double[] ones = new double[groups];
        for (int i = 0; i < yv.length; i++) {
            sums[i / SIMNORM_DIM] += yv[i];
        }
        Arrays.fill(ones, 1.0);
        float[] sumsF = new float[groups];
        for (int k = 0; k < groups; k++) {
            sumsF[k] = (float) sums[k];
        }
        assertClose("simNorm group sums", ones, sumsF, 1e-6, 0, rnd.seed());
    }

    @Test
    void softmaxAndLogSoftmaxSurviveLargeLogits() {
        int rows = 41;
        int c = 131;
        float[] xv = rnd.floats(rows * c, -60, 60);
        xv[0] = 150f; // exp(150) overflows float: only the max-subtracted form survives
        Tensor x = be.fromArray(xv, rows, c);
        Tensor y = be.zeros(rows, c);
        Tensor ly = be.zeros(rows, c);
        ops.softmaxForward(x, y);
        ops.logSoftmaxForward(x, ly);
        double[] expected = softmaxRows(xv, c);
        double[] expLog = new double[xv.length];
        for (int i = 0; i < xv.length; i++) {
            expLog[i] = Math.log(expected[i]);
        }
        assertClose("softmax", expected, be.toArray(y), 1e-30, RTOL, rnd.seed());
        assertClose("logSoftmax", expLog, be.toArray(ly), ATOL, RTOL, rnd.seed());

        // Backward formulas on moderate logits: dx += y(dy - Σ dy·y) and dx += dy - softmax·Σ dy.
        float[] xm = rnd.floats(rows * c, -3, 3);
        be.upload(xm, 0, x);
        ops.softmaxForward(x, y);
        ops.logSoftmaxForward(x, ly);
        double[] p = softmaxRows(xm, c);
        Tensor dy = rnd.normal(be, false, 1.0, rows, c);
        float[] g = be.toArray(dy);
        double[] expDx = new double[xm.length];
        double[] expLogDx = new double[xm.length];
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            double sum = 0;
            for (int j = 0; j < c; j++) {
                dot += g[r * c + j] * p[r * c + j];
                sum += g[r * c + j];
            }
            for (int j = 0; j < c; j++) {
                expDx[r * c + j] = p[r * c + j] * (g[r * c + j] - dot);
                expLogDx[r * c + j] = g[r * c + j] - p[r * c + j] * sum;
            }
        }
        Tensor dx = be.zeros(rows, c);
        ops.softmaxBackward(y, dy, dx);
        assertClose("softmaxBackward", expDx, be.toArray(dx), ATOL, RTOL, rnd.seed());
        Tensor ldx = be.zeros(rows, c);
        ops.logSoftmaxBackward(ly, dy, ldx);
        assertClose("logSoftmaxBackward", expLogDx, be.toArray(ldx), 1e-5, RTOL, rnd.seed());
    }

    @Test
    void vectorRowLoopsMatchScalarReference() {
        assumeTrue(VectorWidth.enabled(), "vectors disabled (-Dmbrl.cpu.vectorBits=0)");
        int c = 4 * 64 + 11;
        float[] x = rnd.floats(c + 2, -4, 4);
        float[] gamma = rnd.floats(c, 0.5, 1.5);
        float[] beta = rnd.floats(c, -1, 1);
        float[] dy = rnd.floats(c, -1, 1);
        float[] ys = new float[c];
        float[] yv = new float[c];
        float[] stats = new float[4];
        NormLayerRows.forwardScalar(x, 2, gamma, 0, beta, 0, EPS, ys, 0, c, stats, 0, stats, 1);
        NormLayerRows.forwardVector(x, 2, gamma, 0, beta, 0, EPS, yv, 0, c, stats, 2, stats, 3);
        assertClose("layerNorm vector vs scalar", PointwiseTestSupport.toDouble(ys), yv, ATOL, RTOL, rnd.seed());
        float[] dxs = new float[c];
        float[] dxv = new float[c];
        NormLayerRows.backwardDxScalar(x, 2, gamma, 0, stats[0], stats[1], dy, 0, dxs, 0, c);
        NormLayerRows.backwardDxVector(x, 2, gamma, 0, stats[0], stats[1], dy, 0, dxv, 0, c);
        assertClose("layerNorm dx vector vs scalar", PointwiseTestSupport.toDouble(dxs), dxv, 1e-5, RTOL,
                rnd.seed());

        assertSameBits("max", new float[] {NormSoftmaxRows.maxScalar(x, 1, c)},
                new float[] {NormSoftmaxRows.maxVector(x, 1, c)}, rnd.seed());
        // The vector exp is within 1 ulp of the rounded Math.exp; the scalar path sums in double, the
        // vector path in float lanes, whose recursive sum of c positive terms is within (c - 1)·u of
        // the exact sum (Higham, Accuracy and Stability, eq. 4.4). Add 1.5 ulp (exp) and 1 (division).
        double softmaxRtol = (c + 3) * ULP;
        float[] ss = new float[c];
        float[] sv = new float[c];
        NormSoftmaxRows.softmaxScalar(x, 1, ss, 0, c);
        NormSoftmaxRows.softmaxVector(x, 1, sv, 0, c);
        assertClose("softmax vector vs scalar", PointwiseTestSupport.toDouble(ss), sv, 1e-30, softmaxRtol, rnd.seed());
        float[] ls = new float[c];
        float[] lv = new float[c];
        NormSoftmaxRows.logSoftmaxScalar(x, 1, ls, 0, c);
        NormSoftmaxRows.logSoftmaxVector(x, 1, lv, 0, c);
        // log S moves by the sum's relative error, absolutely.
        assertClose("logSoftmax vector vs scalar", PointwiseTestSupport.toDouble(ls), lv, ATOL + softmaxRtol, 4 * ULP,
                rnd.seed());
        float[] bs = new float[c];
        float[] bvv = new float[c];
        NormSoftmaxRows.softmaxBackwardScalar(ss, 0, dy, 0, bs, 0, c);
        NormSoftmaxRows.softmaxBackwardVector(ss, 0, dy, 0, bvv, 0, c);
        assertClose("softmax backward vector vs scalar", PointwiseTestSupport.toDouble(bs), bvv, ATOL, RTOL,
                rnd.seed());
        Arrays.fill(bs, 0f);
        Arrays.fill(bvv, 0f);
        NormSoftmaxRows.logSoftmaxBackwardScalar(ls, 0, dy, 0, bs, 0, c);
        NormSoftmaxRows.logSoftmaxBackwardVector(ls, 0, dy, 0, bvv, 0, c);
        assertClose("logSoftmax backward vector vs scalar", PointwiseTestSupport.toDouble(bs), bvv, 1e-5, RTOL,
                rnd.seed());
    }

    @Test
    void rejectsBadShapes() {
        Tensor x = be.zeros(4, 10);
        assertRejects(() -> ops.simNormForward(x, 8, be.zeros(4, 10)), "simNormForward", "C = 10",
                "groupSize = 8", "C % groupSize == 0");
        assertRejects(() -> ops.simNormBackward(x, 0, x, x), "simNormBackward", "groupSize = 0");
        assertRejects(() -> ops.layerNormForward(x, be.zeros(9), be.zeros(10), EPS, be.zeros(4, 10), be.zeros(4),
                be.zeros(4)), "layerNormForward", "gamma", "(9)", "(10)");
        assertRejects(() -> ops.layerNormForward(x, be.zeros(10), be.zeros(10), EPS, be.zeros(4, 10), be.zeros(4, 1),
                be.zeros(4)), "layerNormForward", "mean", "(4, 1)", "expected (4)");
        assertRejects(() -> ops.layerNormForward(x, be.zeros(10), be.zeros(10), -1f, be.zeros(4, 10), be.zeros(4),
                be.zeros(4)), "layerNormForward", "eps=-1.0");
        assertRejects(() -> ops.softmaxForward(x, be.zeros(10, 4)), "softmaxForward", "y", "(10, 4)");
        assertRejects(() -> ops.logSoftmaxBackward(x, x, be.zeros(40)), "logSoftmaxBackward", "dx", "(40)");
        assertRejects(() -> ops.softmaxForward(be.zeros(), be.zeros()), "softmaxForward", "rank >= 1");
    }

    /** Softmax of each run of c elements, in float64 (max-subtracted so exp cannot overflow). */
    private static double[] softmaxRows(float[] x, int c) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / c; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, x[r * c + j]);
            }
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += Math.exp(x[r * c + j] - m);
            }
            for (int j = 0; j < c; j++) {
                out[r * c + j] = Math.exp(x[r * c + j] - m) / s;
            }
        }
        return out;
    }

    private static float[] shift(float[] v, float by) {
        for (int i = 0; i < v.length; i++) {
            v[i] += by;
        }
        return v;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }
}
