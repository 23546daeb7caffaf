package org.mbrl4j.backend;

/** Elementwise unary functions of {@link PointwiseOps#unary}. Formulas are the CPU backend's definitions. */
public enum UnaryOp {
    /** x * tanh(softplus(x)). */
    MISH,
    /** max(x, 0); derivative 0 at x = 0. */
    RELU,
    /** x if x > 0 else exp(x) - 1 (alpha = 1). */
    ELU,
    TANH,
    /** 1 / (1 + exp(-x)), computed stably for both signs. */
    SIGMOID,
    /** log(1 + exp(x)), computed stably (x > 20 returns x, as PyTorch's threshold). */
    SOFTPLUS,
    EXP,
    /** Natural log; no clamping (log of a non-positive value is NaN or -inf, as in IEEE). */
    LOG,
    /** sign(x) * log(1 + |x|) (tdmpc2 common/math.py: symlog). */
    SYMLOG,
    /** sign(x) * (exp(|x|) - 1) (tdmpc2 common/math.py: symexp). */
    SYMEXP,
    NEG;

    /** Whether the derivative reads the forward output f(x) (so unaryBackward needs {@code out}). */
    public boolean readsOutput() {
        return this == TANH || this == SIGMOID || this == EXP;
    }
}
