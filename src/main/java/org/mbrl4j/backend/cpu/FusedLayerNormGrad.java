package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.GemmKernel.S;
import static org.mbrl4j.backend.cpu.GemmKernel.VL;

import jdk.incubator.vector.FloatVector;
import org.mbrl4j.tensor.Tensor;

/**
 * LayerNorm's backward inside the fused layer, given dh (the gradient at h = x̂·gamma + beta) in a
 * flat (E·M, F) array: the affine parameters' gradients and the gradient at u.
 */
final class FusedLayerNormGrad {
    private FusedLayerNormGrad() {}

    /**
     * dgamma[e][j] += Σ_i dh[e·M+i][j]·x̂[e·M+i][j] and dbeta[e][j] += Σ_i dh[e·M+i][j], either may be
     * null. Parallel over columns; each thread sums its columns over all rows.
     */
    static void affine(EnsembleLinear.Dims d, Tensor u, Tensor mean, Tensor rstd, float[] dh, Tensor dgamma,
            Tensor dbeta) {
        int n = d.n();
        int m = d.m();
        float[] ud = u.floats();
        for (int e = 0; e < d.heads(); e++) {
            int head = e;
            Parallel.forRange(n, 2L * m, (j0, j1) -> {
                float[] sg = new float[j1 - j0];
                float[] sb = new float[j1 - j0];
                for (int i = 0; i < m; i++) {
                    int r = head * m + i;
                    float mu = mean.floats()[mean.off() + r];
                    float rs = rstd.floats()[rstd.off() + r];
                    int uo = u.off() + r * n;
                    int ho = r * n;
                    int j = j0;
                    if (S != null) {
                        FloatVector muv = FloatVector.broadcast(S, mu);
                        FloatVector rsv = FloatVector.broadcast(S, rs);
                        for (; j + VL <= j1; j += VL) {
                            FloatVector g = FloatVector.fromArray(S, dh, ho + j);
                            FloatVector xhat = FloatVector.fromArray(S, ud, uo + j).sub(muv).mul(rsv);
                            g.fma(xhat, FloatVector.fromArray(S, sg, j - j0)).intoArray(sg, j - j0);
                            g.add(FloatVector.fromArray(S, sb, j - j0)).intoArray(sb, j - j0);
                        }
                    }
                    for (; j < j1; j++) {
                        float g = dh[ho + j];
                        sg[j - j0] += g * ((ud[uo + j] - mu) * rs);
                        sb[j - j0] += g;
                    }
                }
                for (int j = j0; j < j1; j++) {
                    if (dgamma != null) {
                        dgamma.floats()[dgamma.off() + head * n + j] += sg[j - j0];
                    }
                    if (dbeta != null) {
                        dbeta.floats()[dbeta.off() + head * n + j] += sb[j - j0];
                    }
                }
            });
        }
    }

    /**
     * Row r of dh (flat offset r·F) replaced in place by du = rstd·(g - mean_j(g) - x̂·mean_j(g·x̂)),
     * g = dh·gamma[e], sums in float64.
     */
    static void input(Tensor u, Tensor mean, Tensor rstd, Tensor gamma, int e, int r, float[] dh, int n) {
        float[] ud = u.floats();
        float[] gd = gamma.floats();
        float mu = mean.floats()[mean.off() + r];
        float rs = rstd.floats()[rstd.off() + r];
        int uo = u.off() + r * n;
        int ho = r * n;
        int go = gamma.off() + e * n;
        double sumG = 0;
        double sumGx = 0;
        for (int j = 0; j < n; j++) {
            float g = dh[ho + j] * gd[go + j];
            sumG += g;
            sumGx += g * ((ud[uo + j] - mu) * rs);
        }
        float meanG = (float) (sumG / n);
        float meanGx = (float) (sumGx / n);
        for (int j = 0; j < n; j++) {
            float xhat = (ud[uo + j] - mu) * rs;
            dh[ho + j] = rs * (dh[ho + j] * gd[go + j] - meanG - xhat * meanGx);
        }
    }
}
