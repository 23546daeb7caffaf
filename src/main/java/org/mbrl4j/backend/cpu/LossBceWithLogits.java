package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * Binary cross-entropy on logits, elementwise (torch {@code binary_cross_entropy_with_logits},
 * tdmpc2 termination loss), in the overflow-free form
 * {@code out = max(x, 0) - x·t + ln(1 + exp(-|x|))}; backward {@code dx += dout · (sigmoid(x) - t)}.
 * Shapes: logits, target, out, dout, dlogits all (...), equal.
 */
final class LossBceWithLogits {
    private LossBceWithLogits() {}

    /** Elementwise cost in rough flops (exp + log1p). */
    private static final long COST = 40;

    static float value(float x, float t) {
        return Math.max(x, 0f) - x * t + (float) Math.log1p(Math.exp(-Math.abs(x)));
    }

    static void forward(Tensor logits, Tensor target, Tensor out) {
        float[] x = logits.floats();
        float[] t = target.floats();
        float[] o = out.floats();
        int xo = logits.off(), to = target.off(), oo = out.off();
        Parallel.forRange(logits.size(), COST, (from, until) -> {
            for (int i = from; i < until; i++) {
                o[oo + i] = value(x[xo + i], t[to + i]);
            }
        });
    }

    static void backward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits) {
        float[] x = logits.floats();
        float[] t = target.floats();
        float[] go = dout.floats();
        float[] dx = dlogits.floats();
        int xo = logits.off(), to = target.off(), goo = dout.off(), dxo = dlogits.off();
        Parallel.forRange(logits.size(), COST, (from, until) -> {
            for (int i = from; i < until; i++) {
                dx[dxo + i] += go[goo + i] * (ScalarMath.sigmoid(x[xo + i]) - t[to + i]);
            }
        });
    }
}
