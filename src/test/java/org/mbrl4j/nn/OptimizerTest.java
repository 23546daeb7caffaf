package org.mbrl4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Adam with parameter groups, global-norm clipping and Polyak averaging against hand-computed values. */
class OptimizerTest {
    private final CpuBackend be = new CpuBackend();

    @Test
    void adamGroupsUseTheirOwnLearningRateAndEpsOverTwoSteps() {
        TestRandom rnd = new TestRandom();
        Parameters params = new Parameters(be, new Rng(rnd.nextLong(), 0));
        Tensor enc = params.create("encoder.0.weight", new Init.Uniform(1f), 3, 2);
        Tensor dyn = params.create("dynamics.0.weight", new Init.Uniform(1f), 4);
        float lr = 3e-4f;
        float encScale = 0.3f;
        Adam adam = new Adam(be, List.of(new Adam.Group("encoder", List.of(enc), lr * encScale, 1e-8f),
                new Adam.Group("rest", List.of(dyn), lr, 1e-5f)));
        double[][] p = {toDouble(be.toArray(enc)), toDouble(be.toArray(dyn))};
        double[][] m = {new double[6], new double[4]};
        double[][] v = {new double[6], new double[4]};
        double[] lrs = {lr * encScale, lr};
        double[] eps = {1e-8, 1e-5};
        Tensor[] ts = {enc, dyn};
        for (int step = 1; step <= 2; step++) {
            for (int k = 0; k < 2; k++) {
                float[] g = rnd.floats(p[k].length, -2, 2);
                be.upload(g, 0, ts[k].grad());
                double bc1 = 1 - Math.pow(0.9, step);
                double bc2 = 1 - Math.pow(0.999, step);
                for (int i = 0; i < g.length; i++) {
                    m[k][i] = 0.9 * m[k][i] + 0.1 * g[i];
                    v[k][i] = 0.999 * v[k][i] + 0.001 * g[i] * g[i];
                    p[k][i] -= lrs[k] / bc1 * m[k][i] / (Math.sqrt(v[k][i]) / Math.sqrt(bc2) + eps[k]);
                }
            }
            adam.step();
            for (int k = 0; k < 2; k++) {
                float[] got = be.toArray(ts[k]);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(p[k][i], got[i], 1e-6, "step " + step + " param " + k + "[" + i + "], seed " + rnd.seed());
                }
            }
        }
        assertEquals(2, adam.steps());
    }

    @Test
    void clippingScalesAllGradientsByTheGlobalNorm() {
        TestRandom rnd = new TestRandom();
        Parameters params = new Parameters(be, new Rng(1, 0));
        Tensor a = params.create("a", Init.Constant.ZERO, 5);
        Tensor b = params.create("b", Init.Constant.ZERO, 2, 3);
        float[] ga = rnd.floats(5, -3, 3);
        float[] gb = rnd.floats(6, -3, 3);
        double sq = 0;
        for (float x : ga) {
            sq += x * x;
        }
        for (float x : gb) {
            sq += x * x;
        }
        double norm = Math.sqrt(sq);
        for (float maxNorm : new float[] {(float) (norm / 3), (float) (norm * 2)}) {
            be.upload(ga, 0, a.grad());
            be.upload(gb, 0, b.grad());
            GradClip clip = new GradClip(be, List.of(a.grad(), b.grad()), maxNorm);
            clip.clip();
            assertEquals(norm, clip.lastNorm(), 1e-5 * norm);
            double coef = Math.min(1.0, maxNorm / (norm + 1e-6));
            float[] ca = be.toArray(a.grad());
            float[] cb = be.toArray(b.grad());
            for (int i = 0; i < 5; i++) {
                assertEquals(ga[i] * coef, ca[i], 1e-5, "a[" + i + "] maxNorm " + maxNorm + ", seed " + rnd.seed());
            }
            for (int i = 0; i < 6; i++) {
                assertEquals(gb[i] * coef, cb[i], 1e-5, "b[" + i + "] maxNorm " + maxNorm + ", seed " + rnd.seed());
            }
        }
    }

    @Test
    void polyakMovesTargetsTowardSources() {
        TestRandom rnd = new TestRandom();
        float[] t0 = rnd.floats(7, -1, 1);
        float[] s0 = rnd.floats(7, -1, 1);
        Tensor target = be.fromArray(t0, 7);
        Tensor source = be.fromArray(s0, 7);
        Polyak polyak = new Polyak(be, List.of(target), List.of(source), 0.01f);
        polyak.update();
        polyak.update();
        float[] got = be.toArray(target);
        for (int i = 0; i < 7; i++) {
            double once = t0[i] + 0.01 * (s0[i] - t0[i]);
            double twice = once + 0.01 * (s0[i] - once);
            assertEquals(twice, got[i], 1e-6, "element " + i + ", seed " + rnd.seed());
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
