package org.mbrl4j.testing;

import java.util.List;
import java.util.function.Function;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.Tensor;

/**
 * Checks an op's backward against central differences. The forward runs in float32 (the only
 * precision the backends have); the scalar objective {@code L = Σ_i r_i · y_i}, with fresh random
 * weights r, is accumulated in float64 and differenced in float64:
 * {@code dL/dx_j ≈ (L(x + h e_j) - L(x - h e_j)) / 2h}. Every element of every input is checked with
 * {@code |num - ana| <= atol + rtol · max(|num|, |ana|)}, where atol is {@code atolFrac} times the
 * largest analytic gradient of that input: a wrong sign or factor in any single element fails.
 *
 * <p>Inputs must be persistent CPU tensors created with requiresGrad = true; the check uploads
 * perturbed values into them and restores them afterwards.
 */
public final class GradCheck {
    private final String op;
    private double h = 1e-2;
    private double rtol = 2e-2;
    private double atolFrac = 2e-3;

    private GradCheck(String op) {
        this.op = op;
    }

    public static GradCheck of(String op) {
        return new GradCheck(op);
    }

    public GradCheck step(double h) {
        this.h = h;
        return this;
    }

    public GradCheck rtol(double rtol) {
        this.rtol = rtol;
        return this;
    }

    public GradCheck atolFrac(double atolFrac) {
        this.atolFrac = atolFrac;
        return this;
    }

    /** Runs the check; throws AssertionError naming the op, input, element, values and seed on failure. */
    public void check(Backend be, TestRandom rnd, List<Tensor> inputs, Function<Graph, Tensor> forward) {
        float[] r;
        // Analytic gradients.
        for (Tensor x : inputs) {
            if (!x.requiresGrad()) {
                throw new IllegalArgumentException("gradcheck input must require grad: " + x);
            }
            x.setGrad(be.tensor(org.mbrl4j.tensor.DType.F32, false, x.shape()));
        }
        try (Graph g = new Graph(be)) {
            Tensor y = forward.apply(g);
            r = rnd.floats((int) y.numel(), -1, 1);
            g.backward(y, g.constant(r, y.shape()));
        }
        StringBuilder report = new StringBuilder();
        double worstRatio = 0;
        for (int in = 0; in < inputs.size(); in++) {
            Tensor x = inputs.get(in);
            float[] ana = be.toArray(x.grad());
            x.setGrad(null);
            float[] base = be.toArray(x);
            double maxAna = 0;
            for (float a : ana) {
                maxAna = Math.max(maxAna, Math.abs(a));
            }
            double atol = Math.max(atolFrac * maxAna, 1e-6);
            for (int j = 0; j < base.length; j++) {
                float[] p = base.clone();
                p[j] = (float) (base[j] + h);
                double hp = p[j] - (double) base[j];
                double lp = objective(be, x, p, r, forward);
                p[j] = (float) (base[j] - h);
                double hm = (double) base[j] - p[j];
                double lm = objective(be, x, p, r, forward);
                double num = (lp - lm) / (hp + hm);
                double err = Math.abs(num - ana[j]);
                double tol = atol + rtol * Math.max(Math.abs(num), Math.abs(ana[j]));
                worstRatio = Math.max(worstRatio, err / tol);
                if (err > tol) {
                    be.upload(base, 0, x);
                    throw new AssertionError(String.format(
                            "gradcheck %s: input %d %s element %d: analytic %.6g vs numeric %.6g (|err| %.3g > tol %.3g);"
                                    + " seed %d (replay with -Dmbrl.test.seed=%d)",
                            op, in, org.mbrl4j.tensor.Shapes.str(x.shape()), j, ana[j], num, err, tol, rnd.seed(),
                            rnd.seed()));
                }
            }
            be.upload(base, 0, x);
            report.append(String.format(" in%d%s max|g|=%.3g", in, org.mbrl4j.tensor.Shapes.str(x.shape()), maxAna));
        }
        System.out.printf("gradcheck %-28s ok  worst err/tol %.3f %s seed %d%n", op, worstRatio, report, rnd.seed());
    }

    private static double objective(Backend be, Tensor x, float[] values, float[] r, Function<Graph, Tensor> forward) {
        be.upload(values, 0, x);
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            float[] y = be.toArray(forward.apply(g));
            double l = 0;
            for (int i = 0; i < y.length; i++) {
                l += (double) r[i] * y[i];
            }
            return l;
        }
    }
}
