package org.mbrl4j.backend.cpu;

/**
 * Scalar definitions of the activations and transforms shared by the CPU ops (the fused layer and
 * the pointwise family use the same formulas, so they agree bit for bit).
 */
public final class ScalarMath {
    private ScalarMath() {}

    /** PyTorch's softplus threshold: above it softplus(x) = x to float precision. */
    public static final float SOFTPLUS_THRESHOLD = 20f;
    /** 0.5 · ln(2π), the Gaussian log-density constant. */
    public static final float HALF_LOG_TWO_PI = (float) (0.5 * Math.log(2 * Math.PI));

    public static float softplus(float x) {
        return x > SOFTPLUS_THRESHOLD ? x : (float) Math.log1p(Math.exp(x));
    }

    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** mish(x) = x · tanh(softplus(x)). */
    public static float mish(float x) {
        return x * (float) Math.tanh(softplus(x));
    }

    /** d mish / dx = tanh(sp) + x · sigmoid(x) · (1 - tanh(sp)^2), sp = softplus(x). */
    public static float mishGrad(float x) {
        float t = (float) Math.tanh(softplus(x));
        return t + x * sigmoid(x) * (1f - t * t);
    }

    public static float symlog(float x) {
        return Math.signum(x) * (float) Math.log1p(Math.abs(x));
    }

    public static float symexp(float x) {
        return Math.signum(x) * (float) Math.expm1(Math.abs(x));
    }
}
