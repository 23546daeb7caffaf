package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused layer's LayerNorm reductions in float lanes ({@code cpu_fast_math}): the forward
 * statistics and the backward's two row means, summed by {@link VectorSums} (fixed order) where
 * {@link FusedLayer} and {@link FusedLayerNormGrad} sum in float64. The elementwise steps around them
 * are unchanged. With F the row length, u = 2^-24, d = {@link VectorSums#depth}(F), γ_d = d·u/(1−d·u),
 * the bounds against the same quantities accumulated exactly (float64) from the same float inputs:
 * <ul>
 *   <li>mean: |μ̂ − μ| ≤ δμ := γ_{d+1}·Σ|x|/F (the sum, then one rounding of the division);</li>
 *   <li>variance: Σ(x − μ̂)² = F·var + F·(μ̂ − μ)², and the fma sum of the rounded deviations
 *       d̂_i = fl(x_i − μ̂) = (x_i − μ̂)(1 + θ_i), |θ_i| ≤ u, adds γ_{d+3}, so
 *       |v̂ − var| ≤ δv := γ_{d+3}·(var + δμ²) + δμ²;</li>
 *   <li>rstd = 1/√(v̂ + eps) evaluated in double and rounded once: with ρ = δv/(var + eps) < 1,
 *       |r̂/r − 1| ≤ ½·ρ/(1 − ρ) + u (|(1 + ε)^(-1/2) − 1| ≤ ½|ε|/(1 − |ε|));</li>
 *   <li>backward means m_G = Σg/F and m_Gx = Σ g·x̂/F (g = dh·γ and x̂ rounded as in the reference):
 *       |Δm_G| ≤ γ_{d+1}·Σ|g|/F, |Δm_Gx| ≤ γ_{d+1}·Σ|g·x̂|/F (each product exact inside an fma), and
 *       the gradient du_i = rstd·(g_i − m_G − x̂_i·m_Gx), the same float operations as the reference,
 *       differs from it by at most rstd·(|Δm_G| + |x̂_i|·|Δm_Gx|) + 8u·rstd·(|g_i| + |m_G| + |x̂_i·m_Gx|)
 *       (four roundings in each evaluation, on operands that differ by the Δs); against the float64
 *       path, whose means are rounded to float, add u·|m_G| and u·|m_Gx| to the Δs; for results in
 *       the subnormal range add Higham's underflow term, 8·2^-149.</li>
 * </ul>
 * See docs/cpu-fast-math.md.
 */
final class FusedLayerNormFloat {
    private FusedLayerNormFloat() {}

    private static final VectorSpecies<Float> SPECIES = VectorWidth.FLOAT;

    /** mean[mi] = Σu/n and rstd[ri] = 1/√(Σ(u − mean)²/n + eps), over u[uo .. uo + n). */
    static void statistics(float[] u, int uo, int n, float eps, float[] mean, int mi, float[] rstd, int ri) {
        float mu = VectorSums.sum(u, uo, n) / n;
        float var = VectorSums.sumSquaredDeviation(u, uo, n, mu) / n;
        mean[mi] = mu;
        rstd[ri] = (float) (1.0 / Math.sqrt((double) var + eps));
    }

    /**
     * Row r of dh (flat offset r·n) replaced in place by du = rstd·(g − m_G − x̂·m_Gx), g = dh·gamma
     * (the head's gamma at {@code go}), x̂ = (u − mean)·rstd; the two means summed in float lanes.
     */
    static void input(float[] u, int uo, float mu, float rs, float[] gamma, int go, float[] dh, int ho, int n) {
        int i = 0;
        float sumG = 0f;
        float sumGx = 0f;
        if (SPECIES != null) {
            FloatVector accG = FloatVector.zero(SPECIES);
            FloatVector accGx = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
                FloatVector g = FloatVector.fromArray(SPECIES, dh, ho + i).mul(FloatVector.fromArray(SPECIES, gamma, go + i));
                FloatVector xhat = FloatVector.fromArray(SPECIES, u, uo + i).sub(mu).mul(rs);
                accG = accG.add(g);
                accGx = g.fma(xhat, accGx);
            }
            sumG = VectorMath.sumLanes(accG);
            sumGx = VectorMath.sumLanes(accGx);
        }
        for (; i < n; i++) {
            float g = dh[ho + i] * gamma[go + i];
            sumG += g;
            sumGx = Math.fma(g, (u[uo + i] - mu) * rs, sumGx);
        }
        float meanG = sumG / n;
        float meanGx = sumGx / n;
        i = 0;
        if (SPECIES != null) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
                FloatVector g = FloatVector.fromArray(SPECIES, dh, ho + i).mul(FloatVector.fromArray(SPECIES, gamma, go + i));
                FloatVector xhat = FloatVector.fromArray(SPECIES, u, uo + i).sub(mu).mul(rs);
                g.sub(meanG).sub(xhat.mul(meanGx)).mul(rs).intoArray(dh, ho + i);
            }
        }
        for (; i < n; i++) {
            float xhat = (u[uo + i] - mu) * rs;
            dh[ho + i] = rs * (dh[ho + i] * gamma[go + i] - meanG - xhat * meanGx);
        }
    }
}
