package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SimNorm (softmax within each group of 8, TD-MPC2's simnorm_dim) for {@code cpu_fast_math}, in the
 * backend's float species ({@link VectorWidth#FLOAT}, L/8 groups per vector; one species for every
 * caller of {@link VectorMath#exp}, whose Vector API code C2 only compiles well at one shape). Within
 * each group of 8 lanes a butterfly (lane i with lane i xor 1, then xor 2, then xor 4) leaves the
 * group's max and sum in all 8 lanes: the max is exact, and the sum is the pairwise tree
 * ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)) in every lane (IEEE addition commutes), so the bits do not
 * depend on compilation or on the lane a group lands in.
 *
 * <p><b>Error bound</b> against a float64 softmax of the group (u = 2^-24, x_j = h_j − max,
 * ρ_j = 1.001·(u|x_j| + 4u) as in {@link TwoHotFloat}, the tree sum's depth 3 giving
 * σ_8 = u·(ln 8 + 4)·1.001 + 1.001·γ_3): |p̂_j − p_j| ≤ p_j·(1.01·(ρ_j + σ_8) + u), plus 2e-38 where
 * exp clamps x_j below −87 and 2^-149 where p_j is subnormal. The backward dh_j = y_j·(dy_j − Σ_group dy_i y_i) sums the 8 rounded
 * products by the same tree, so against float64 on the same y and dy:
 * |Δdh_j| ≤ |y_j|·(γ_4·Σ_i|dy_i y_i| + 2u·(|dy_j| + |Σ_i dy_i y_i|)) + 2·2^-149 (docs/cpu-fast-math.md).
 */
final class SimNormGroups {
    private SimNormGroups() {}

    /** The group size this covers: TD-MPC2's simnorm_dim. */
    static final int GROUP = 8;

    private static final VectorSpecies<Float> SPECIES = VectorWidth.FLOAT;
    private static final VectorShuffle<Float> XOR1 = butterfly(1);
    private static final VectorShuffle<Float> XOR2 = butterfly(2);
    private static final VectorShuffle<Float> XOR4 = butterfly(4);

    private static VectorShuffle<Float> butterfly(int bit) {
        return SPECIES == null || SPECIES.length() % GROUP != 0 ? null : VectorShuffle.fromOp(SPECIES, i -> i ^ bit);
    }

    /** Whether groups of {@code groupSize} run here (vectors of a multiple of 8 lanes, 8-wide groups). */
    static boolean supports(int groupSize) {
        return XOR1 != null && groupSize == GROUP;
    }

    /** y[yo + j] = softmax of h's group holding j, for j < n (n a multiple of 8). */
    static void forward(float[] h, int n, float[] y, int yo) {
        int step = SPECIES.length();
        int j = 0;
        for (int bound = SPECIES.loopBound(n); j < bound; j += step) {
            FloatVector v = FloatVector.fromArray(SPECIES, h, j);
            FloatVector e = VectorMath.exp(v.sub(groupMax(v)));
            e.div(groupSum(e)).intoArray(y, yo + j);
        }
        if (j < n) { // the last groups, fewer than L/8 of them: the same lanes, masked
            var mask = SPECIES.indexInRange(j, n);
            FloatVector v = FloatVector.fromArray(SPECIES, h, j, mask);
            FloatVector e = VectorMath.exp(v.sub(groupMax(v)));
            e.div(groupSum(e)).intoArray(y, yo + j, mask);
        }
    }

    /** dh[dho + j] = y_j (dy_j − Σ_group dy_i y_i), for j < n. */
    static void backward(float[] y, int yo, float[] dy, int dyo, float[] dh, int dho, int n) {
        int step = SPECIES.length();
        int j = 0;
        for (int bound = SPECIES.loopBound(n); j < bound; j += step) {
            FloatVector yv = FloatVector.fromArray(SPECIES, y, yo + j);
            FloatVector dv = FloatVector.fromArray(SPECIES, dy, dyo + j);
            yv.mul(dv.sub(groupSum(dv.mul(yv)))).intoArray(dh, dho + j);
        }
        if (j < n) {
            var mask = SPECIES.indexInRange(j, n);
            FloatVector yv = FloatVector.fromArray(SPECIES, y, yo + j, mask);
            FloatVector dv = FloatVector.fromArray(SPECIES, dy, dyo + j, mask);
            yv.mul(dv.sub(groupSum(dv.mul(yv)))).intoArray(dh, dho + j, mask);
        }
    }

    private static FloatVector groupMax(FloatVector v) {
        FloatVector m = v.max(v.rearrange(XOR1));
        m = m.max(m.rearrange(XOR2));
        return m.max(m.rearrange(XOR4));
    }

    private static FloatVector groupSum(FloatVector v) {
        FloatVector s = v.add(v.rearrange(XOR1));
        s = s.add(s.rearrange(XOR2));
        return s.add(s.rearrange(XOR4));
    }
}
