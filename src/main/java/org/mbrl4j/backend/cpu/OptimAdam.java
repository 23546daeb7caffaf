package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.backend.OptimOps.AdamSlot;

/**
 * PyTorch Adam without weight decay (torch/optim/adam.py {@code _single_tensor_adam}; tdmpc2 world
 * model and policy optimizers), at 1-based step t:
 * <pre>
 *   m = b1·m + (1-b1)·g;   v = b2·v + (1-b2)·g²
 *   p -= (lr / bc1) · m / (sqrt(v) / sqrt(bc2) + eps),   bc1 = 1 - b1^t, bc2 = 1 - b2^t
 * </pre>
 * The bias corrections are computed in float64 (as PyTorch does with Python floats) and rounded to
 * float once; the element update is float32 with every product and sum rounded separately, so the
 * vector body and the {@link #scalarStep} reference agree bitwise (no FMA).
 */
final class OptimAdam {
    private OptimAdam() {}

    private static final long COST = 12;

    /** The per-step scalars shared by every element of one slot. */
    record Coefficients(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize,
            float sqrtBc2, float eps) {

        static Coefficients of(float beta1, float beta2, int step, float lr, float eps) {
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            return new Coefficients(beta1, 1f - beta1, beta2, 1f - beta2, (float) (lr / bc1), (float) Math.sqrt(bc2),
                    eps);
        }
    }

    static void step(AdamSlot slot, float beta1, float beta2, int step) {
        Coefficients c = Coefficients.of(beta1, beta2, step, slot.lr(), slot.eps());
        float[] p = slot.param().floats(), g = slot.grad().floats(), m = slot.m().floats(), v = slot.v().floats();
        int po = slot.param().off(), go = slot.grad().off(), mo = slot.m().off(), vo = slot.v().off();
        Parallel.forRange(slot.param().size(), COST, (from, until) -> {
            int i = from;
            VectorSpecies<Float> sp = VectorWidth.FLOAT;
            if (sp != null) {
                for (int upper = from + sp.loopBound(until - from); i < upper; i += sp.length()) {
                    vectorStep(sp, c, p, po + i, g, go + i, m, mo + i, v, vo + i);
                }
            }
            scalarStep(c, p, po + i, g, go + i, m, mo + i, v, vo + i, until - i);
        });
    }

    static void scalarStep(Coefficients c, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo,
            int count) {
        for (int j = 0; j < count; j++) {
            float grad = g[go + j];
            float mj = c.beta1() * m[mo + j] + c.oneMinusBeta1() * grad;
            float vj = c.beta2() * v[vo + j] + c.oneMinusBeta2() * (grad * grad);
            m[mo + j] = mj;
            v[vo + j] = vj;
            float denom = (float) Math.sqrt(vj) / c.sqrtBc2() + c.eps();
            p[po + j] -= c.stepSize() * (mj / denom);
        }
    }

    private static void vectorStep(VectorSpecies<Float> sp, Coefficients c, float[] p, int po, float[] g, int go,
            float[] m, int mo, float[] v, int vo) {
        FloatVector grad = FloatVector.fromArray(sp, g, go);
        FloatVector mj = FloatVector.fromArray(sp, m, mo).mul(c.beta1()).add(grad.mul(c.oneMinusBeta1()));
        FloatVector vj = FloatVector.fromArray(sp, v, vo).mul(c.beta2()).add(grad.mul(grad).mul(c.oneMinusBeta2()));
        mj.intoArray(m, mo);
        vj.intoArray(v, vo);
        FloatVector denom = vj.lanewise(VectorOperators.SQRT).div(c.sqrtBc2()).add(c.eps());
        FloatVector.fromArray(sp, p, po).sub(mj.div(denom).mul(c.stepSize())).intoArray(p, po);
    }
}
