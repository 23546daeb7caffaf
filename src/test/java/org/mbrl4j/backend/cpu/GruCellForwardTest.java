package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The CPU GRU cell against PyTorch's nn.GRUCell equations in float64 on fresh random inputs, built
 * from the weights: gi = x W_ihᵀ + b_ih and gh = h W_hhᵀ + b_hh are formed here (float64) and
 * passed to the cell as float, so the test also fixes the [r, z, n] order of the gate thirds; and
 * the backward's analytic derivatives, derived independently in float64 by the chain rule on
 * 1 - z, z, n and r, with accumulation onto nonzero gradients. With {@code cpu_fast_math} the same
 * checks hold at the float gates' bounds (GruGatesFloat), hidden sizes with and without a vector tail.
 */
class GruCellForwardTest {
    private final TestRandom rnd = new TestRandom();
    /** Makes the input tensors (host arrays that either backend reads). */
    private final CpuBackend host = new CpuBackend();

    @ParameterizedTest(name = "M={0} Fi={1} Ld={2} fast math {3}")
    @CsvSource({"1,1,1,false", "5,3,4,false", "50,16,200,false", "9,30,13,false", "1,1,1,true", "50,16,200,true",
            "9,30,13,true", "7,4,37,true"})
    void forwardAndBackwardMatchTheGruCellEquationsInFloat64(int m, int xDim, int hidden, boolean fastMath) {
        CpuBackend be = new CpuBackend(fastMath);
        // float gates: sigma within 2^-22, tanh within 2^-21 absolute (GruGatesFloat), h' and the gradients follow
        double abs = fastMath ? 2e-6 : 4e-7, gradAbs = fastMath ? 1e-5 : 1e-6;
        float[] x = rnd.floats(m * xDim, -1, 1), hPrev = rnd.floats(m * hidden, -1, 1);
        float[] wih = rnd.floats(3 * hidden * xDim, -1, 1), whh = rnd.floats(3 * hidden * hidden, -1, 1);
        float[] bih = rnd.floats(3 * hidden, -1, 1), bhh = rnd.floats(3 * hidden, -1, 1);
        float[] gi = new float[m * 3 * hidden], gh = new float[m * 3 * hidden];
        for (int r = 0; r < m; r++) {
            for (int o = 0; o < 3 * hidden; o++) {
                double si = bih[o], sh = bhh[o];
                for (int k = 0; k < xDim; k++) {
                    si += (double) x[r * xDim + k] * wih[o * xDim + k];
                }
                for (int k = 0; k < hidden; k++) {
                    sh += (double) hPrev[r * hidden + k] * whh[o * hidden + k];
                }
                gi[r * 3 * hidden + o] = (float) si;
                gh[r * 3 * hidden + o] = (float) sh;
            }
        }
        Tensor tgi = upload(gi, m, 3 * hidden), tgh = upload(gh, m, 3 * hidden), th = upload(hPrev, m, hidden);
        Tensor out = be.zeros(m, hidden);
        be.fill(out, Float.NaN);
        be.recurrent().gruCellForward(tgi, tgh, th, out);
        float[] got = be.toArray(out);
        float[] dhNew = rnd.floats(m * hidden, -1, 1);
        Tensor dgi = upload(rnd.floats(m * 3 * hidden, -1, 1), m, 3 * hidden);
        Tensor dgh = upload(rnd.floats(m * 3 * hidden, -1, 1), m, 3 * hidden);
        Tensor dh = upload(rnd.floats(m * hidden, -1, 1), m, hidden);
        float[] dgi0 = be.toArray(dgi), dgh0 = be.toArray(dgh), dh0 = be.toArray(dh);
        be.recurrent().gruCellBackward(tgi, tgh, th, upload(dhNew, m, hidden), dgi, dgh, dh);
        float[] dgi1 = be.toArray(dgi), dgh1 = be.toArray(dgh), dh1 = be.toArray(dh);
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < hidden; j++) {
                int b = r * 3 * hidden, i = r * hidden + j;
                double rg = sigmoid((double) gi[b + j] + gh[b + j]);
                double zg = sigmoid((double) gi[b + hidden + j] + gh[b + hidden + j]);
                double hn = gh[b + 2 * hidden + j];
                double ng = Math.tanh(gi[b + 2 * hidden + j] + rg * hn);
                double want = (1 - zg) * ng + zg * hPrev[i];
                assertEquals(want, got[i], abs + 4e-7 * Math.abs(want), "h' row " + r + " unit " + j);
                double g = dhNew[i];
                double dPreN = g * (1 - zg) * (1 - ng * ng); // ∂h'/∂n · tanh'
                double dPreZ = g * (hPrev[i] - ng) * zg * (1 - zg); // ∂h'/∂z · σ'
                double dPreR = dPreN * hn * rg * (1 - rg); // n depends on r through r·gh_n
                double[][] checks = {{dPreR, dgi1[b + j] - dgi0[b + j]},
                        {dPreZ, dgi1[b + hidden + j] - dgi0[b + hidden + j]},
                        {dPreN, dgi1[b + 2 * hidden + j] - dgi0[b + 2 * hidden + j]},
                        {dPreR, dgh1[b + j] - dgh0[b + j]}, {dPreZ, dgh1[b + hidden + j] - dgh0[b + hidden + j]},
                        {dPreN * rg, dgh1[b + 2 * hidden + j] - dgh0[b + 2 * hidden + j]},
                        {g * zg, dh1[i] - (double) dh0[i]}};
                for (int c = 0; c < checks.length; c++) {
                    assertEquals(checks[c][0], checks[c][1], gradAbs + 1e-5 * Math.abs(checks[c][0]),
                            "gradient " + c + " row " + r + " unit " + j);
                }
            }
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private Tensor upload(float[] values, int... shape) {
        Tensor t = host.zeros(shape);
        host.upload(values, 0, t);
        return t;
    }
}
