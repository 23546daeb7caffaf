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

    /**
     * mish(x) = x · tanh(softplus(x)). With e = exp(x) and n = e (e + 2):
     * tanh(ln(1 + e)) = ((1+e)² − 1)/((1+e)² + 1) = n/(n + 2), so one exp replaces log1p and tanh
     * (both non-intrinsic, about 30× slower on the JVM). Evaluated in double; above the softplus
     * threshold tanh(softplus(x)) rounds to 1 in float, as in PyTorch.
     */
    public static float mish(float x) {
        return (float) (x * tanhSoftplus(x));
    }

    /**
     * d mish / dx = tanh(sp) + x · sigmoid(x) · (1 − tanh(sp)²), sp = softplus(x), with
     * tanh(sp) = n/(n+2) and 1 − tanh(sp)² = 4 (n + 1)/(n + 2)².
     */
    public static float mishGrad(float x) {
        if (x > SOFTPLUS_THRESHOLD) {
            return 1f;
        }
        double e = Math.exp(x);
        double n = e * (e + 2);
        double t = n / (n + 2);
        double oneMinusT2 = 4 * (n + 1) / ((n + 2) * (n + 2));
        return (float) (t + x * (e / (1 + e)) * oneMinusT2);
    }

    /** tanh(softplus(x)) = n/(n + 2), n = e^x (e^x + 2). */
    private static double tanhSoftplus(float x) {
        if (x > SOFTPLUS_THRESHOLD) {
            return 1.0;
        }
        double e = Math.exp(x);
        double n = e * (e + 2);
        return n / (n + 2);
    }

    public static float symlog(float x) {
        return Math.signum(x) * (float) Math.log1p(Math.abs(x));
    }

    public static float symexp(float x) {
        return Math.signum(x) * (float) Math.expm1(Math.abs(x));
    }
}
