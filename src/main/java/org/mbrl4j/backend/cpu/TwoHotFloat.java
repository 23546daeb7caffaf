package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.backend.Bins;

/**
 * The two-hot heads' softmax over V bins in float lanes ({@code cpu_fast_math}): one pass for the max
 * M, one for e_j = {@link VectorMath#exp}(l_j − M) with its sums s = Σ e_j and t = Σ e_j·c_j (c_j the
 * bin centers, each product exact inside an fma), both in {@link VectorSums}' fixed order. The
 * per-row scalars (ln s, the soft cross-entropy's combination, exp|m|) stay in double.
 *
 * <p><b>Error bounds</b> against the float64 reference from the same float logits ({@link TwoHotSoftCe},
 * {@link TwoHotExpectation}), u = 2^-24, d = {@link VectorSums#depth}(V), γ_d = d·u/(1−d·u),
 * x_j = l_j − M ≤ 0, p_j = softmax(l)_j, C = max_j |c_j|:
 * <ul>
 *   <li>each e_j: the subtraction rounds x_j by at most u|x_j| and exp is within 2 ulp (4u), so
 *       |ê_j − e_j| ≤ ρ_j·e_j, ρ_j = 1.001·(u|x_j| + 4u), plus 2e-38 where exp clamps x_j below −87;</li>
 *   <li>s ≥ 1 (e = 1 at the max), and Σ_j p_j|x_j| = M − E_p[l] ≤ H(p) ≤ ln V, so
 *       |ŝ/s − 1| ≤ σ := u·(ln V + 4)·1.001 + 1.001·γ_d + V·2e-38;</li>
 *   <li>log-sum-exp M + ln ŝ: |Δ| ≤ 1.001·σ; the soft cross-entropy out = lse − (1−f)l_b − f·l_{b+1}
 *       (double, rounded once): |Δout| ≤ 1.001·σ + u·|out|;</li>
 *   <li>expectation m = t/s: |t̂ − t| ≤ C·s·σ, so |m̂ − m| ≤ δm := 2.01·C·σ + 1.01·u·|m|; the output
 *       symexp(m̂): |Δ| ≤ e^{|m| + δm}·δm + 2u·|out|;</li>
 *   <li>soft cross-entropy gradient g·(p_j − w_j): |Δ_j| ≤ |g|·(1.01·p_j·(ρ_j + σ + u) + 3.01·u·|p_j − w_j|);</li>
 *   <li>expectation gradient G·p_j·(c_j − m), G = dout·e^{|m|}:
 *       |Δ_j| ≤ |G|·p_j·(1.01·|c_j − m|·(1.01·δm + σ + ρ_j + 4u) + 1.01·δm).</li>
 * </ul>
 * Each holds to first order in u (the 1.001/1.01 factors cover the second-order rest for V ≤ 10^4);
 * the gradients add Higham's underflow term, 4·2^-149, for results in the subnormal range.
 * See docs/cpu-fast-math.md.
 */
final class TwoHotFloat {
    private TwoHotFloat() {}

    private static final VectorSpecies<Float> SPECIES = VectorWidth.FLOAT;

    /** The V bin centers as floats ({@link Bins#center}). */
    static float[] centers(Bins bins) {
        float[] c = new float[bins.numBins()];
        for (int j = 0; j < c.length; j++) {
            c[j] = bins.center(j);
        }
        return c;
    }

    /** max_j l[off + j], j < k (exact in any order). */
    static float max(float[] l, int off, int k) {
        int j = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (SPECIES != null) {
            FloatVector acc = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
            for (int bound = SPECIES.loopBound(k); j < bound; j += SPECIES.length()) {
                acc = acc.max(FloatVector.fromArray(SPECIES, l, off + j));
            }
            m = acc.reduceLanes(VectorOperators.MAX); // exact; ±0 ties give exp(l − M) the same bits
        }
        for (; j < k; j++) {
            m = Math.max(m, l[off + j]);
        }
        return m;
    }

    /** ln Σ_j exp(l_j) over one row: M + ln ŝ (class bounds); st is scratch of 2. */
    static double logSumExp(float[] l, int off, int k, float[] st) {
        float m = max(l, off, k);
        expSums(l, off, k, m, null, null, st);
        return m + Math.log(st[0]);
    }

    /** m = Σ_j softmax(l)_j·c_j over one row (class bounds); st is scratch of 2. */
    static float mean(float[] l, int off, float[] centers, float[] st) {
        int k = centers.length;
        expSums(l, off, k, max(l, off, k), centers, null, st);
        return st[1] / st[0];
    }

    /**
     * e[j] = exp(l_j − m) for j < k (when e is non-null); st[0] = s = Σ e_j and st[1] = t = Σ e_j·c_j
     * (0 when centers is null), in the fixed order.
     */
    static void expSums(float[] l, int off, int k, float m, float[] centers, float[] e, float[] st) {
        int j = 0;
        float s = 0f;
        float t = 0f;
        if (SPECIES != null) {
            FloatVector accS = FloatVector.zero(SPECIES);
            FloatVector accT = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(k); j < bound; j += SPECIES.length()) {
                FloatVector ev = VectorMath.exp(FloatVector.fromArray(SPECIES, l, off + j).sub(m));
                if (e != null) {
                    ev.intoArray(e, j);
                }
                accS = accS.add(ev);
                if (centers != null) {
                    accT = ev.fma(FloatVector.fromArray(SPECIES, centers, j), accT);
                }
            }
            s = VectorMath.sumLanes(accS);
            t = VectorMath.sumLanes(accT);
        }
        // the tail's exps in one masked vector (lane-wise exp has the scalar's bits), summed in order below
        float[] tail = null;
        if (SPECIES != null && j < k) {
            tail = new float[SPECIES.length()];
            VectorMath.exp(FloatVector.fromArray(SPECIES, l, off + j, SPECIES.indexInRange(j, k)).sub(m))
                    .intoArray(tail, 0);
        }
        for (int i = 0; j < k; j++, i++) {
            float ej = tail != null ? tail[i] : VectorMath.exp(l[off + j] - m);
            if (e != null) {
                e[j] = ej;
            }
            s += ej;
            if (centers != null) {
                t = Math.fma(ej, centers[j], t);
            }
        }
        st[0] = s;
        st[1] = t;
    }

    /**
     * dl[dlo + j] += G·p_j·(c_j − m) for one row, G = dout·e^{|m|} (class bounds); e is scratch of k,
     * st of 2.
     */
    static void expectationBackward(float[] l, int off, float[] centers, float dout, float[] dl, int dlo, float[] e,
            float[] st) {
        int k = centers.length;
        expSums(l, off, k, max(l, off, k), centers, e, st);
        float m = st[1] / st[0];
        float scale = (float) (dout * Math.exp(Math.abs(m)) / st[0]);
        int j = 0;
        if (SPECIES != null) {
            for (int bound = SPECIES.loopBound(k); j < bound; j += SPECIES.length()) {
                FloatVector c = FloatVector.fromArray(SPECIES, centers, j).sub(m);
                FloatVector g = FloatVector.fromArray(SPECIES, e, j).mul(scale).mul(c);
                FloatVector.fromArray(SPECIES, dl, dlo + j).add(g).intoArray(dl, dlo + j);
            }
        }
        for (; j < k; j++) {
            dl[dlo + j] += e[j] * scale * (centers[j] - m);
        }
    }

    /**
     * dl[dlo + j] += g·(p_j − w_j) for one row, w the two-hot weights 1 − f on bin b and f on b + 1
     * (class bounds); e is scratch of k, st of 2.
     */
    static void softCeBackward(float[] l, int off, int k, int b, float f, float g, float[] dl, int dlo, float[] e,
            float[] st) {
        expSums(l, off, k, max(l, off, k), null, e, st);
        float s = st[0];
        float before0 = dl[dlo + b];
        float before1 = dl[dlo + b + 1];
        int j = 0;
        if (SPECIES != null) {
            for (int bound = SPECIES.loopBound(k); j < bound; j += SPECIES.length()) {
                FloatVector p = FloatVector.fromArray(SPECIES, e, j).div(s);
                FloatVector.fromArray(SPECIES, dl, dlo + j).add(p.mul(g)).intoArray(dl, dlo + j);
            }
        }
        for (; j < k; j++) {
            dl[dlo + j] += g * (e[j] / s);
        }
        dl[dlo + b] = before0 + (float) (g * ((double) e[b] / s - (1.0 - f)));
        dl[dlo + b + 1] = before1 + (float) (g * ((double) e[b + 1] / s - f));
    }
}
