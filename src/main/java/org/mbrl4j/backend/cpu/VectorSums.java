package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row reductions in float lanes for the {@code cpu_fast_math} side ops, with a fixed order: lane i
 * adds elements i, i + L, i + 2L, ... of the vector body (one accumulator, L = {@link #lanes()}), the
 * lanes are then added in lane order ({@link VectorMath#sumLanes}), then the scalar tail in index
 * order. Only IEEE add/sub/mul/fma are used, so the bits do not depend on C2 compilation.
 *
 * <p><b>Error bound</b> (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed.,
 * §4.2): a sum evaluated in any order in which every term passes through at most d rounded additions
 * satisfies |ŝ − s| ≤ γ_d Σ|x_i|, γ_d = d·u / (1 − d·u), u = 2^-24. Here a term passes through at most
 * {@code d = ⌊n/L⌋ − 1} lane additions, {@code L − 1} lane-sum additions and {@code n mod L} tail
 * additions, so {@link #depth}{@code (n) = ⌊n/L⌋ + L + (n mod L) − 1} bounds d; with vectors off
 * (L = 1) it is n, the recursive sum. For n = 512, L = 16: d = 47, γ_d ≈ 2.8e-6; n = 101: d = 26.
 */
final class VectorSums {
    private VectorSums() {}

    private static final VectorSpecies<Float> SPECIES = VectorWidth.FLOAT;

    /** Unit roundoff of float, 2^-24. */
    static final double U = 0x1p-24;

    /** The lanes L of the fixed order (1 when vectors are off). */
    static int lanes() {
        return SPECIES == null ? 1 : SPECIES.length();
    }

    /** A bound on the rounded additions any term of an n-term sum passes through (class comment). */
    static int depth(int n) {
        int l = lanes();
        return Math.max(1, n / l + l + n % l - 1);
    }

    /** Higham's γ_d = d·u / (1 − d·u). */
    static double gamma(int d) {
        return d * U / (1 - d * U);
    }

    /** Σ x[off .. off + n), in the fixed order. */
    static float sum(float[] x, int off, int n) {
        int i = 0;
        float s = 0f;
        if (SPECIES != null) {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
                acc = acc.add(FloatVector.fromArray(SPECIES, x, off + i));
            }
            s = VectorMath.sumLanes(acc);
        }
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** Σ (x_i − c)², each square exact inside an fma, in the fixed order. */
    static float sumSquaredDeviation(float[] x, int off, int n, float c) {
        int i = 0;
        float s = 0f;
        if (SPECIES != null) {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
                FloatVector d = FloatVector.fromArray(SPECIES, x, off + i).sub(c);
                acc = d.fma(d, acc);
            }
            s = VectorMath.sumLanes(acc);
        }
        for (; i < n; i++) {
            float d = x[off + i] - c;
            s = Math.fma(d, d, s);
        }
        return s;
    }
}
