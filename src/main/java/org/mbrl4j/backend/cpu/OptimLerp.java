package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.tensor.Tensor;

/**
 * Polyak averaging (tdmpc2 tdmpc2.py: {@code _target_Qs_params.lerp_(online, tau)}, tau = 0.01):
 * {@code target += tau · (source - target)}, each step rounded separately so the vector body and
 * {@link #scalarLerp} agree bitwise. (torch's lerp switches to {@code source - (source - target)(1 - tau)}
 * for tau >= 0.5; for the tau of TD-MPC2 both forms are the one used here.)
 */
final class OptimLerp {
    private OptimLerp() {}

    static void lerp(Tensor target, Tensor source, float tau) {
        float[] t = target.floats(), s = source.floats();
        int to = target.off(), so = source.off();
        Parallel.forRange(target.size(), 3, (from, until) -> {
            int i = from;
            VectorSpecies<Float> sp = VectorWidth.FLOAT;
            if (sp != null) {
                for (int upper = from + sp.loopBound(until - from); i < upper; i += sp.length()) {
                    FloatVector tv = FloatVector.fromArray(sp, t, to + i);
                    FloatVector sv = FloatVector.fromArray(sp, s, so + i);
                    tv.add(sv.sub(tv).mul(tau)).intoArray(t, to + i);
                }
            }
            scalarLerp(t, to + i, s, so + i, until - i, tau);
        });
    }

    static void scalarLerp(float[] t, int to, float[] s, int so, int count, float tau) {
        for (int j = 0; j < count; j++) {
            t[to + j] += tau * (s[so + j] - t[to + j]);
        }
    }
}
