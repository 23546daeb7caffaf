package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.tensor.Tensor;

/**
 * The GRU cell's forward for {@code cpu_fast_math} (docs/cpu-fast-math.md#gru-gates): σ and tanh from
 * {@link VectorMath#exp} in float lanes instead of {@code Math.exp} in double,
 * σ(x) = 1/(1 + e^−x) and tanh(x) = 1 − 2/(1 + e^2x), every other step the float operation of
 * {@link GruCell}'s reference, unfused. The lanes and the scalar tail make the same operations, so a
 * row's bits do not depend on where the vector body ends. Error bounds (GruGatesFloatTest): σ within
 * 2^−22 absolute, tanh within 2^−21 absolute (near 0 the difference 1 − 2/(1 + e^2x) cancels: its error
 * is absolute, not relative), so h' within about 2^−20 of the reference for |h| ≤ 1.
 */
final class GruGatesFloat {
    private GruGatesFloat() {}

    static float sigmoid(float x) {
        return 1f / (1f + VectorMath.exp(-x));
    }

    static float tanh(float x) {
        return 1f - 2f / (1f + VectorMath.exp(2f * x));
    }

    private static FloatVector sigmoid(FloatVector x) {
        FloatVector one = x.broadcast(1f);
        return one.div(one.add(VectorMath.exp(x.neg())));
    }

    private static FloatVector tanh(FloatVector x) {
        FloatVector one = x.broadcast(1f);
        return one.sub(x.broadcast(2f).div(one.add(VectorMath.exp(x.mul(2f)))));
    }

    /** As {@link GruCell#forward}, with the float gates. */
    static void forward(Tensor gi, Tensor gh, Tensor h, Tensor hNew, int rows, int hidden) {
        float[] xi = gi.floats(), xh = gh.floats(), hv = h.floats(), o = hNew.floats();
        int gio = gi.off(), gho = gh.off(), ho = h.off(), oo = hNew.off();
        VectorSpecies<Float> sp = VectorWidth.FLOAT;
        Parallel.forRange(rows, 12L * hidden, (from, until) -> {
            for (int m = from; m < until; m++) {
                int g = m * 3 * hidden, i0 = m * hidden;
                int j = 0;
                for (int bound = sp.loopBound(hidden); j < bound; j += sp.length()) {
                    int r0 = g + j, z0 = g + hidden + j, n0 = g + 2 * hidden + j;
                    FloatVector r = sigmoid(FloatVector.fromArray(sp, xi, gio + r0).add(FloatVector.fromArray(sp, xh, gho + r0)));
                    FloatVector z = sigmoid(FloatVector.fromArray(sp, xi, gio + z0).add(FloatVector.fromArray(sp, xh, gho + z0)));
                    FloatVector n = tanh(FloatVector.fromArray(sp, xi, gio + n0)
                            .add(r.mul(FloatVector.fromArray(sp, xh, gho + n0))));
                    FloatVector hOld = FloatVector.fromArray(sp, hv, ho + i0 + j);
                    z.broadcast(1f).sub(z).mul(n).add(z.mul(hOld)).intoArray(o, oo + i0 + j);
                }
                for (; j < hidden; j++) {
                    float r = sigmoid(xi[gio + g + j] + xh[gho + g + j]);
                    float z = sigmoid(xi[gio + g + hidden + j] + xh[gho + g + hidden + j]);
                    float n = tanh(xi[gio + g + 2 * hidden + j] + r * xh[gho + g + 2 * hidden + j]);
                    o[oo + i0 + j] = (1f - z) * n + z * hv[ho + i0 + j];
                }
            }
        });
    }
}
