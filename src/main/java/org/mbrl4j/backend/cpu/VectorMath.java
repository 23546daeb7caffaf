package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic vector math for the CPU backend's hot loops.
 *
 * <p><b>Why not the Vector API's own EXP and reduceLanes(ADD).</b> Their results depend on whether
 * C2 has compiled the loop (an intrinsic) or not (the Java fallback): the lane-sum order is
 * unspecified and the intrinsic exp differs from the fallback by an ulp. Since compilation happens
 * at unpredictable times, the same seed then gives different training runs. Everything here is
 * built from IEEE basic operations and fma, which are exactly rounded in both modes, and every scalar
 * tail runs the same operations, so vector, scalar ({@code -Dmbrl.cpu.vectorBits=0}), interpreted and
 * compiled code all agree bit for bit.
 *
 * <p>Mish (every hidden layer) uses {@link ScalarMath}'s one-exp form in float: with
 * e = exp(min(x, 20)) and n = e (e + 2), tanh(softplus(x)) = n / (n + 2); it agrees with the
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
                FloatVector e = exp(v.min(THRESHOLD));
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
                FloatVector e = exp(v.min(THRESHOLD));
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
        float e = exp(x);
        float m = e * (e + 2f);
        return x * (m / (m + 2f));
    }

    static float scalarMishGrad(float x) {
        if (x > THRESHOLD) {
            return 1f;
        }
        float e = exp(x);
        float m = e * (e + 2f);
        float d = m + 2f;
        return m / d + x * (e / (e + 1f)) * (4f * (m + 1f) / (d * d));
    }

    // ---- exp: 2^k · p(r), r = x − k·ln2 (Cody-Waite split), p the degree-7 Taylor polynomial ----

    /** Below this, exp underflows to the smallest normal's neighbourhood; inputs are clamped here. */
    private static final float EXP_MIN = -87.0f;
    private static final float EXP_MAX = 88.0f;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 = LN2_HI + LN2_LO, LN2_HI with trailing zero bits so k·LN2_HI is exact. */
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187045e-06f;
    /** 1.5·2^23: adding it rounds to the nearest integer, held in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    private static final int EXPONENT_BIAS = 127;
    private static final int MANTISSA_BITS = 23;
    /**
     * 1/n! for n = 7 down to 2 (Horner order); |r| <= ln2/2 gives a truncation error below 6e-9. Named constants,
     * not an array: C2 folds a static final float into the loop's broadcast but reloads an array element (the
     * vector exp took ~10 % longer with the array).
     */
    private static final float T7 = 1f / 5040;
    private static final float T6 = 1f / 720;
    private static final float T5 = 1f / 120;
    private static final float T4 = 1f / 24;
    private static final float T3 = 1f / 6;
    private static final float T2 = 1f / 2;

    /** e^x, about 1 ulp, clamped to [e^-87, e^88]; NaN stays NaN. */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float k = t - ROUND_MAGIC;
        float r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, xc));
        float p = Math.fma(T7, r, T6);
        p = Math.fma(p, r, T5);
        p = Math.fma(p, r, T4);
        p = Math.fma(p, r, T3);
        p = Math.fma(p, r, T2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ki = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        float result = p * Float.intBitsToFloat((ki + EXPONENT_BIAS) << MANTISSA_BITS);
        return x != x ? x : result;
    }

    /** y[yo + j] = exp(x[xo + j]) for j < n (x and y may be the same array range). */
    public static void exp(float[] x, int xo, float[] y, int yo, int n) {
        int j = 0;
        VectorSpecies<Float> s = VectorWidth.FLOAT;
        if (s != null) {
            for (int bound = s.loopBound(n); j < bound; j += s.length()) {
                exp(FloatVector.fromArray(s, x, xo + j)).intoArray(y, yo + j);
            }
        }
        for (; j < n; j++) {
            y[yo + j] = exp(x[xo + j]);
        }
    }

    /** Lane-wise {@link #exp(float)}: the same operations, so the same bits. */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = xc.fma(LOG2E, ROUND_MAGIC);
        FloatVector k = t.sub(ROUND_MAGIC);
        FloatVector nk = k.neg();
        FloatVector r = nk.fma(r0(nk, LN2_LO), nk.fma(r0(nk, LN2_HI), xc));
        FloatVector p = r.broadcast(T7).fma(r, r.broadcast(T6));
        p = p.fma(r, r.broadcast(T5));
        p = p.fma(r, r.broadcast(T4));
        p = p.fma(r, r.broadcast(T3));
        p = p.fma(r, r.broadcast(T2));
        FloatVector one = r.broadcast(1f);
        p = p.fma(r, one);
        p = p.fma(r, one);
        IntVector ki = ((IntVector) t.reinterpretAsInts()).sub(ROUND_MAGIC_BITS);
        FloatVector scale = ki.add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsFloats();
        FloatVector result = p.mul(scale);
        return result.blend(x, x.test(jdk.incubator.vector.VectorOperators.IS_NAN));
    }

    /** Lanes of the widest float species (512 bits). */
    private static final int MAX_LANES = 16;

    private static FloatVector r0(FloatVector like, float c) {
        return like.broadcast(c);
    }

    /** Σ of the lanes in lane order (reduceLanes(ADD) leaves the order unspecified). */
    public static float sumLanes(FloatVector v) {
        float[] lanes = new float[MAX_LANES]; // constant size: escape analysis keeps it off the heap
        v.intoArray(lanes, 0);
        float s = 0f;
        for (int i = 0; i < v.length(); i++) {
            s += lanes[i];
        }
        return s;
    }
}
