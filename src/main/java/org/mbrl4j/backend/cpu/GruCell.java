package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * The fused GRU cell, PyTorch {@code nn.GRUCell} gate order [r, z, n] (see
 * {@link org.mbrl4j.backend.RecurrentOps}): r = σ(gi_r + gh_r), z = σ(gi_z + gh_z),
 * n = tanh(gi_n + r·gh_n), h' = (1 - z)·n + z·h. σ and tanh are evaluated in double and rounded
 * ({@link ScalarMath#sigmoid}, {@code (float) Math.tanh}); every other step is one float operation in
 * the order written, which kernels/recurrent.cu repeats with unfused intrinsics.
 *
 * <p>Shapes: gi, gh, dgi, dgh (M, 3·Ld); h, hNew, dhNew, dh (M, Ld). Backward recomputes the gates.
 */
final class GruCell {
    private GruCell() {}

    static void forward(Tensor gi, Tensor gh, Tensor h, Tensor hNew, int rows, int hidden) {
        float[] xi = gi.floats(), xh = gh.floats(), hv = h.floats(), o = hNew.floats();
        int gio = gi.off(), gho = gh.off(), ho = h.off(), oo = hNew.off();
        Parallel.forRange(rows, 12L * hidden, (from, until) -> {
            for (int m = from; m < until; m++) {
                int g = m * 3 * hidden;
                for (int j = 0; j < hidden; j++) {
                    float r = ScalarMath.sigmoid(xi[gio + g + j] + xh[gho + g + j]);
                    float z = ScalarMath.sigmoid(xi[gio + g + hidden + j] + xh[gho + g + hidden + j]);
                    float n = (float) Math.tanh(xi[gio + g + 2 * hidden + j] + r * xh[gho + g + 2 * hidden + j]);
                    int i = m * hidden + j;
                    o[oo + i] = (1f - z) * n + z * hv[ho + i];
                }
            }
        });
    }

    /**
     * Any of dgi, dgh, dh may be null. With floatGates the gates are recomputed as
     * {@link GruGatesFloat} computes them ({@code cpu_fast_math}), so the gradient is that function's.
     */
    static void backward(Tensor gi, Tensor gh, Tensor h, Tensor dhNew, Tensor dgi, Tensor dgh, Tensor dh, int rows,
            int hidden, boolean floatGates) {
        float[] xi = gi.floats(), xh = gh.floats(), hv = h.floats(), go = dhNew.floats();
        int gio = gi.off(), gho = gh.off(), ho = h.off(), goo = dhNew.off();
        float[] dxi = dgi == null ? null : dgi.floats();
        float[] dxh = dgh == null ? null : dgh.floats();
        float[] dhv = dh == null ? null : dh.floats();
        int dgio = dgi == null ? 0 : dgi.off(), dgho = dgh == null ? 0 : dgh.off(), dho = dh == null ? 0 : dh.off();
        Parallel.forRange(rows, 24L * hidden, (from, until) -> {
            for (int m = from; m < until; m++) {
                int g = m * 3 * hidden;
                for (int j = 0; j < hidden; j++) {
                    int ir = g + j, iz = g + hidden + j, in = g + 2 * hidden + j, i = m * hidden + j;
                    float ar = xi[gio + ir] + xh[gho + ir], az = xi[gio + iz] + xh[gho + iz];
                    float r = floatGates ? GruGatesFloat.sigmoid(ar) : ScalarMath.sigmoid(ar);
                    float z = floatGates ? GruGatesFloat.sigmoid(az) : ScalarMath.sigmoid(az);
                    float hn = xh[gho + in];
                    float an = xi[gio + in] + r * hn;
                    float n = floatGates ? GruGatesFloat.tanh(an) : (float) Math.tanh(an);
                    float d = go[goo + i];
                    float dn = d * (1f - z);
                    float dz = d * (hv[ho + i] - n);
                    float a = dn * (1f - n * n);
                    float b = (a * hn) * (r * (1f - r));
                    float c = dz * (z * (1f - z));
                    if (dhv != null) {
                        dhv[dho + i] += d * z;
                    }
                    if (dxi != null) {
                        dxi[dgio + ir] += b;
                        dxi[dgio + iz] += c;
                        dxi[dgio + in] += a;
                    }
                    if (dxh != null) {
                        dxh[dgho + ir] += b;
                        dxh[dgho + iz] += c;
                        dxh[dgho + in] += a * r;
                    }
                }
            }
        });
    }
}
