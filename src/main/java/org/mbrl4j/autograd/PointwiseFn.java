package org.mbrl4j.autograd;

import java.util.Locale;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable elementwise ops. Binary ops return a's shape; b broadcasts when its shape is a suffix
 * of a's or it has one element, and its gradient is summed back to its own shape.
 */
public final class PointwiseFn {
    private PointwiseFn() {}

    public static Tensor add(Graph g, Tensor a, Tensor b) {
        return binary(g, BinaryOp.ADD, a, b);
    }

    public static Tensor sub(Graph g, Tensor a, Tensor b) {
        return binary(g, BinaryOp.SUB, a, b);
    }

    public static Tensor mul(Graph g, Tensor a, Tensor b) {
        return binary(g, BinaryOp.MUL, a, b);
    }

    public static Tensor div(Graph g, Tensor a, Tensor b) {
        return binary(g, BinaryOp.DIV, a, b);
    }

    /** out = a op b (b broadcast over a). */
    public static Tensor binary(Graph g, BinaryOp op, Tensor a, Tensor b) {
        boolean rg = g.needsGrad(a, b);
        Tensor out = g.output(rg, a.shape());
        PointwiseOps ops = g.backend().pointwise();
        ops.binary(op, a, b, out);
        if (rg) {
            g.record(op.name().toLowerCase(Locale.ROOT),
                    () -> ops.binaryBackward(op, a, b, g.grad(out), g.grad(a), g.grad(b)), out);
        }
        return out;
    }

    /** out = s · x. */
    public static Tensor scale(Graph g, Tensor x, float s) {
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, x.shape());
        PointwiseOps ops = g.backend().pointwise();
        ops.scale(x, s, out);
        if (rg) {
            g.record("scale", () -> ops.scaleBackward(s, g.grad(out), g.grad(x)), out);
        }
        return out;
    }

    /** out = min(max(x, lo), hi); the gradient passes where lo <= x <= hi. */
    public static Tensor clamp(Graph g, Tensor x, float lo, float hi) {
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, x.shape());
        PointwiseOps ops = g.backend().pointwise();
        ops.clamp(x, lo, hi, out);
        if (rg) {
            g.record("clamp", () -> ops.clampBackward(x, lo, hi, g.grad(out), g.grad(x)), out);
        }
        return out;
    }

    /** out = f(x) for a {@link UnaryOp} f. */
    public static Tensor unary(Graph g, UnaryOp op, Tensor x) {
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, x.shape());
        PointwiseOps ops = g.backend().pointwise();
        ops.unary(op, x, out);
        if (rg) {
            g.record(op.name().toLowerCase(Locale.ROOT),
                    () -> ops.unaryBackward(op, x, out, g.grad(out), g.grad(x)), out);
        }
        return out;
    }

    public static Tensor mish(Graph g, Tensor x) {
        return unary(g, UnaryOp.MISH, x);
    }

    public static Tensor relu(Graph g, Tensor x) {
        return unary(g, UnaryOp.RELU, x);
    }

    public static Tensor elu(Graph g, Tensor x) {
        return unary(g, UnaryOp.ELU, x);
    }

    public static Tensor tanh(Graph g, Tensor x) {
        return unary(g, UnaryOp.TANH, x);
    }

    public static Tensor sigmoid(Graph g, Tensor x) {
        return unary(g, UnaryOp.SIGMOID, x);
    }

    public static Tensor softplus(Graph g, Tensor x) {
        return unary(g, UnaryOp.SOFTPLUS, x);
    }

    public static Tensor exp(Graph g, Tensor x) {
        return unary(g, UnaryOp.EXP, x);
    }

    public static Tensor log(Graph g, Tensor x) {
        return unary(g, UnaryOp.LOG, x);
    }

    public static Tensor symlog(Graph g, Tensor x) {
        return unary(g, UnaryOp.SYMLOG, x);
    }

    public static Tensor symexp(Graph g, Tensor x) {
        return unary(g, UnaryOp.SYMEXP, x);
    }

    public static Tensor neg(Graph g, Tensor x) {
        return unary(g, UnaryOp.NEG, x);
    }
}
