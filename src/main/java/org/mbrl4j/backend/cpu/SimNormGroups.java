package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SimNorm (softmax within each group of 8, TD-MPC2's simnorm_dim) with one 8-lane vector per group,
 * for {@code cpu_fast_math}. It computes what {@link FusedLayerActivation}'s group loops compute, bit
 * for bit: the group max is exact in any order, exp is {@link VectorMath#exp} in both, and the group
 * sums are taken in lane order ({@link VectorMath#sumLanes}), the loops' index order. So its error
 * against that float path is 0 ulp (a test checks equality). Against a float64 softmax of the group
 * (u = 2^-24, x_j = h_j − max, ρ_j = 1.001·(u|x_j| + 4u) as in {@link TwoHotFloat}, σ_8 = u·(ln 8 + 4)·1.001
 * + 1.001·γ_7 for the sum of 8 in order): |p̂_j − p_j| ≤ p_j·(1.01·(ρ_j + σ_8) + u), plus 2e-38 where
 * exp clamps x_j below −87 (docs/cpu-fast-math.md).
 */
final class SimNormGroups {
    private SimNormGroups() {}

    /** The group size this covers: TD-MPC2's simnorm_dim. */
    static final int GROUP = 8;

    private static final VectorSpecies<Float> GROUP_SPECIES = FloatVector.SPECIES_256;

    /** Whether groups of {@code groupSize} run here (vectors on and 8-wide groups). */
    static boolean supports(int groupSize) {
        return VectorWidth.enabled() && groupSize == GROUP;
    }

    /** y[yo + j] = softmax of h's group holding j, for j < n (n a multiple of 8). */
    static void forward(float[] h, int n, float[] y, int yo) {
        for (int g = 0; g < n; g += GROUP) {
            FloatVector v = FloatVector.fromArray(GROUP_SPECIES, h, g);
            float max = v.reduceLanes(VectorOperators.MAX);
            FloatVector e = VectorMath.exp(v.sub(max));
            float sum = VectorMath.sumLanes(e);
            e.div(sum).intoArray(y, yo + g);
        }
    }

    /** dh[dho + j] = y_j (dy_j − Σ_group dy_i y_i), for j < n. */
    static void backward(float[] y, int yo, float[] dy, int dyo, float[] dh, int dho, int n) {
        for (int g = 0; g < n; g += GROUP) {
            FloatVector yv = FloatVector.fromArray(GROUP_SPECIES, y, yo + g);
            FloatVector dv = FloatVector.fromArray(GROUP_SPECIES, dy, dyo + g);
            float dot = VectorMath.sumLanes(dv.mul(yv));
            yv.mul(dv.sub(dot)).intoArray(dh, dho + g);
        }
    }
}
