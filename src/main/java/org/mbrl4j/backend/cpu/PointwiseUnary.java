package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.UnaryOp;

/**
 * Scalar definitions of the {@link UnaryOp} functions and their derivatives. Shared formulas come
 * from {@link ScalarMath} so the fused layer and the pointwise family agree bit for bit.
 * Transcendentals stay scalar ({@code Math.exp/tanh/log1p}, correctly rounded to float after the
 * double computation); the vector versions are less accurate.
 */
final class PointwiseUnary {
    private PointwiseUnary() {}

    /** Rough cost of one element in flops, for {@link Parallel#forRange}. */
    static final int COST_PER_ELEMENT = 20;

    static float forward(UnaryOp op, float x) {
        return switch (op) {
            case MISH -> ScalarMath.mish(x);
            case RELU -> Math.max(x, 0f);
            case ELU -> x > 0 ? x : (float) Math.expm1(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> ScalarMath.sigmoid(x);
            case SOFTPLUS -> ScalarMath.softplus(x);
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SYMLOG -> ScalarMath.symlog(x);
            case SYMEXP -> ScalarMath.symexp(x);
            case NEG -> -x;
        };
    }

    /** Whether {@link #derivative} reads the forward output y (the backward then needs it). */
    static boolean readsOutput(UnaryOp op) {
        return op.readsOutput();
    }

    /** f'(x), given y = f(x) for the ops where {@link #readsOutput} holds (y is ignored otherwise). */
    static float derivative(UnaryOp op, float x, float y) {
        return switch (op) {
            case MISH -> ScalarMath.mishGrad(x);
            case RELU -> x > 0 ? 1f : 0f;
            // d/dx (exp(x) - 1) = exp(x), computed from x: y + 1 loses the low bits as y -> -1.
            case ELU -> x > 0 ? 1f : (float) Math.exp(x);
            case TANH -> 1f - y * y;
            case SIGMOID -> y * (1f - y);
            case SOFTPLUS -> x > ScalarMath.SOFTPLUS_THRESHOLD ? 1f : ScalarMath.sigmoid(x);
            case EXP -> y;
            case LOG -> 1f / x;
            // d/dx sign(x)·log(1 + |x|) = 1 / (1 + |x|)
            case SYMLOG -> 1f / (1f + Math.abs(x));
            // d/dx sign(x)·(exp(|x|) - 1) = exp(|x|)
            case SYMEXP -> (float) Math.exp(Math.abs(x));
            case NEG -> -1f;
        };
    }
}
