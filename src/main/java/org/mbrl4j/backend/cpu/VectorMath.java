package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row loops of the activations that dominate a planning step (Mish in every hidden layer), in float
 * with the Vector API's exp. The formulas are {@link ScalarMath}'s one-exp forms evaluated in float:
 * with e = exp(min(x, 20)) and n = e (e + 2), tanh(softplus(x)) = n / (n + 2). The scalar tail and the
 * {@code -Dmbrl.cpu.vectorBits=0} path use the same float formula with {@code Math.exp}; the vector
 * exp is within 1 ulp of it, so the two paths agree to a few float ulps, and both agree with the
 * double-precision {@link ScalarMath#mish} within 4e-7 relative (a test checks it).
 */
public final class VectorMath {
    private VectorMath() {}

    /** Above this, tanh(softplus(x)) is 1 in float (PyTorch's softplus threshold). */
    private static final float THRESHOLD = ScalarMath.SOFTPLUS_THRESHOLD;

    /** y[yo + j] = mish(x[xo + j]) for j < n. */
    public static void mish(float[] x, int xo, float[] y, int yo, int n) {
        int j = 0;
        VectorSpecies<Float> s = VectorWidth.FLOAT;
        if (s != null) {
            for (int bound = s.loopBound(n); j < bound; j += s.length()) {
                FloatVector v = FloatVector.fromArray(s, x, xo + j);
                FloatVector e = v.min(THRESHOLD).lanewise(VectorOperators.EXP);
                FloatVector m = e.mul(e.add(2f));
                FloatVector r = v.mul(m.div(m.add(2f)));
                r.blend(v, v.compare(VectorOperators.GT, THRESHOLD)).intoArray(y, yo + j);
            }
        }
        for (; j < n; j++) {
            y[yo + j] = scalarMish(x[xo + j]);
        }
    }

    /** dx[dxo + j] = dy[dyo + j] · mish'(x[xo + j]) for j < n. */
    public static void mishBackward(float[] x, int xo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        int j = 0;
        VectorSpecies<Float> s = VectorWidth.FLOAT;
        if (s != null) {
            for (int bound = s.loopBound(n); j < bound; j += s.length()) {
                FloatVector v = FloatVector.fromArray(s, x, xo + j);
                FloatVector e = v.min(THRESHOLD).lanewise(VectorOperators.EXP);
                FloatVector m = e.mul(e.add(2f));
                FloatVector d = m.add(2f);
                FloatVector t = m.div(d);
                // 1 − t² = 4 (m + 1) / (m + 2)²; sigmoid(x) = e / (1 + e)
                FloatVector oneMinusT2 = m.add(1f).mul(4f).div(d.mul(d));
                FloatVector grad = t.add(v.mul(e.div(e.add(1f))).mul(oneMinusT2));
                grad = grad.blend(1f, v.compare(VectorOperators.GT, THRESHOLD));
                grad.mul(FloatVector.fromArray(s, dy, dyo + j)).intoArray(dx, dxo + j);
            }
        }
        for (; j < n; j++) {
            dx[dxo + j] = dy[dyo + j] * scalarMishGrad(x[xo + j]);
        }
    }

    /** The in-class scalar reference of {@link #mish}. */
    static float scalarMish(float x) {
        if (x > THRESHOLD) {
            return x;
        }
        float e = (float) Math.exp(x);
        float m = e * (e + 2f);
        return x * (m / (m + 2f));
    }

    static float scalarMishGrad(float x) {
        if (x > THRESHOLD) {
            return 1f;
        }
        float e = (float) Math.exp(x);
        float m = e * (e + 2f);
        float d = m + 2f;
        return m / d + x * (e / (e + 1f)) * (4f * (m + 1f) / (d * d));
    }
}
