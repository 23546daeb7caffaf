package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;

/**
 * The TD-MPC2 layer (tdmpc2 common/layers.py: NormedLinear) over E heads (E = 1 for a plain layer),
 * row r = e·M + i of the (E·M, F) outputs:
 * <pre>
 *   z = x·w^T + b                        (EnsembleLinear)
 *   u = dropout_p(z) = z·m               (m of flat element r·F + j as RandomOps.dropoutForward draws it)
 *   mean_r = Σ_j u_rj / F,  var_r = Σ_j (u_rj - mean_r)^2 / F   (biased, accumulated in float64;
 *                                                              float lanes under cpu_fast_math)
 *   rstd_r = 1 / sqrt(var_r + eps),  x̂ = (u - mean_r)·rstd_r
 *   h = x̂·gamma_e + beta_e,  y = act(h)
 * </pre>
 * Shapes are trusted ({@link CpuDenseOps} validates them).
 */
final class FusedLayer {
    private FusedLayer() {}

    /** Cost of one row element in kernel flops for the parallel split (Mish's transcendentals dominate). */
    private static final long ROW_ELEMENT_COST = 50;

    /** Extra mask room: a row's mask starts at the Philox block holding its first element (up to 3 earlier). */
    private static final int MASK_LEAD = 3;

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * Forward; {@code fastMath} ({@code cpu_fast_math}) takes the statistics in float lanes
     * ({@link FusedLayerNormFloat}) and SimNorm by {@link SimNormGroups}, else the float64 reference.
     */
    static void forward(EnsembleLinear.Dims d, Tensor x, Tensor w, Tensor b, DropoutSpec dropout, Tensor gamma,
            Tensor beta, float eps, Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd,
            boolean fastMath) {
        EnsembleLinear.forward(d, x, w, b, u);
        int n = d.n();
        float[] ud = u.floats();
        float[] gd = gamma.floats();
        float[] bd = beta.floats();
        Parallel.forRange(d.heads() * d.m(), n * ROW_ELEMENT_COST, (r0, r1) -> {
            float[] h = new float[n];
            float[] mask = dropout == null ? null : new float[n + MASK_LEAD];
            for (int r = r0; r < r1; r++) {
                int uo = u.off() + r * n;
                if (dropout != null) {
                    FusedLayerActivation.applyDropout(dropout, (long) r * n, ud, uo, n, mask);
                }
                if (fastMath) {
                    FusedLayerNormFloat.statistics(ud, uo, n, eps, mean.floats(), mean.off() + r, rstd.floats(),
                            rstd.off() + r);
                } else {
                    statistics(ud, uo, n, eps, mean.floats(), mean.off() + r, rstd.floats(), rstd.off() + r);
                }
                normalize(ud, uo, mean.floats()[mean.off() + r], rstd.floats()[rstd.off() + r], gd, bd,
                        gamma.off() + r / d.m() * n, n, h);
                FusedLayerActivation.forward(act, simnormDim, h, n, y.floats(), y.off() + r * n, fastMath);
            }
        });
    }

    /**
     * LayerNorm statistics of u[uo .. uo + n): mean = Σ u / n and the biased variance Σ (u - mean)^2 / n
     * (two passes in float64, the second about the float mean), rstd = 1 / sqrt(var + eps).
     */
    static void statistics(float[] u, int uo, int n, float eps, float[] mean, int mi, float[] rstd, int ri) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += u[uo + j];
        }
        float mu = (float) (sum / n);
        double sq = 0;
        for (int j = 0; j < n; j++) {
            double c = u[uo + j] - mu;
            sq += c * c;
        }
        mean[mi] = mu;
        rstd[ri] = (float) (1.0 / Math.sqrt(sq / n + eps));
    }

    /** h[j] = (u[uo + j] - mu)·rs·gamma[go + j] + beta[go + j], in this order (forward and backward agree). */
    private static void normalize(float[] u, int uo, float mu, float rs, float[] gamma, float[] beta, int go, int n,
            float[] h) {
        VectorSpecies<Float> s = VectorWidth.FLOAT;
        int j = 0;
        if (s != null) {
            for (int bound = s.loopBound(n); j < bound; j += s.length()) {
                FloatVector x = FloatVector.fromArray(s, u, uo + j).sub(mu).mul(rs);
                x.mul(FloatVector.fromArray(s, gamma, go + j)).add(FloatVector.fromArray(s, beta, go + j))
                        .intoArray(h, j);
            }
        }
        for (; j < n; j++) {
            h[j] = (u[uo + j] - mu) * rs * gamma[go + j] + beta[go + j];
        }
    }

    /**
     * Backward, accumulating into every non-null gradient. With dh = dy·act'(h) and g = dh·gamma:
     * dgamma += Σ_rows dh·x̂, dbeta += Σ_rows dh,
     * du = rstd·(g - mean_j(g) - x̂·mean_j(g·x̂)) (LayerNorm), dz = du·mask, then the linear backward
     * with dz. One scratch (E·M, F) holds dh and then dz. {@code fastMath}: the two row means of du in
     * float lanes ({@link FusedLayerNormFloat#input}) and SimNorm by {@link SimNormGroups}.
     */
    static void backward(EnsembleLinear.Dims d, Tensor x, Tensor w, DropoutSpec dropout, Tensor gamma, Tensor beta,
            Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy, Tensor dx,
            Tensor dw, Tensor db, Tensor dgamma, Tensor dbeta, boolean fastMath) {
        int rows = d.heads() * d.m();
        int n = d.n();
        float[] dz = scratch(rows * n);
        Parallel.forRange(rows, n * ROW_ELEMENT_COST, (r0, r1) -> {
            float[] h = new float[n];
            for (int r = r0; r < r1; r++) {
                if (act == Activation.MISH) {
                    normalize(u.floats(), u.off() + r * n, mean.floats()[mean.off() + r],
                            rstd.floats()[rstd.off() + r], gamma.floats(), beta.floats(), gamma.off() + r / d.m() * n,
                            n, h);
                }
                FusedLayerActivation.backward(act, simnormDim, h, y.floats(), y.off() + r * n, dy.floats(),
                        dy.off() + r * n, dz, r * n, n, fastMath);
            }
        });
        if (dgamma != null || dbeta != null) {
            FusedLayerNormGrad.affine(d, u, mean, rstd, dz, dgamma, dbeta);
        }
        if (dx == null && dw == null && db == null) {
            return;
        }
        Parallel.forRange(rows, n * ROW_ELEMENT_COST, (r0, r1) -> {
            float[] mask = dropout == null ? null : new float[n + MASK_LEAD];
            for (int r = r0; r < r1; r++) {
                if (fastMath) {
                    FusedLayerNormFloat.input(u.floats(), u.off() + r * n, mean.floats()[mean.off() + r],
                            rstd.floats()[rstd.off() + r], gamma.floats(), gamma.off() + r / d.m() * n, dz, r * n, n);
                } else {
                    FusedLayerNormGrad.input(u, mean, rstd, gamma, r / d.m(), r, dz, n);
                }
                if (dropout != null) {
                    FusedLayerActivation.applyDropout(dropout, (long) r * n, dz, r * n, n, mask);
                }
            }
        });
        int[] zShape = {d.heads(), d.m(), n};
        EnsembleLinear.backward(d, x, w, new Tensor(new HostStorage(dz, null), 0, zShape, false), dx, dw, db);
    }

    /** The calling thread's scratch of at least n floats (contents undefined). */
    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }
}
