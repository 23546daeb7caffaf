package org.mbrl4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** End-to-end learning checks of the fused layers, the two-hot head, Adam and the step arena. */
class MlpFitTest {
    private final CpuBackend be = new CpuBackend();

    /** A smooth target on [-1, 1]. */
    private static float smooth(float x) {
        return (float) (0.5 * Math.sin(3 * x) + 0.3 * x * x);
    }

    @Test
    void mlpOfFusedLayersFitsASmoothFunction() {
        TestRandom rnd = new TestRandom();
        Parameters params = new Parameters(be, new Rng(rnd.nextLong(), 0));
        Mlp mlp = new Mlp(params.scope("f"), 1, new int[] {64, 64}, 1, null, 8, 0f, false, 0);
        Adam adam = new Adam(be, List.of(new Adam.Group("all", params.all(), 3e-3f, 1e-8f)));
        int n = 256;
        float[] xs = rnd.floats(n, -1, 1);
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            ys[i] = smooth(xs[i]);
        }
        Tensor x = be.fromArray(xs, n, 1);
        Tensor y = be.fromArray(ys, n, 1);
        Rng dropoutRng = new Rng(rnd.nextLong(), 1);
        try (Graph g = new Graph(be)) {
            for (int step = 0; step < 1500; step++) {
                Tensor loss = ReduceFn.meanAll(g, LossFn.mse(g, mlp.forward(new Pass(g, Mode.TRAIN, dropoutRng), x), y));
                g.backward(loss);
                adam.step();
                adam.zeroGrad();
                g.reset();
            }
            // Fresh points: the fit must generalise over the interval, not memorise the training set.
            int m = 512;
            float[] tx = rnd.floats(m, -1, 1);
            float[] pred;
            try (var s = g.noGrad()) {
                pred = be.toArray(mlp.forward(new Pass(g, Mode.EVAL, dropoutRng), be.fromArray(tx, m, 1)));
            }
            double mse = 0;
            for (int i = 0; i < m; i++) {
                double d = pred[i] - smooth(tx[i]);
                mse += d * d;
            }
            mse /= m;
            System.out.printf("mlp fit: held-out MSE %.3g after 1500 Adam steps (seed %d)%n", mse, rnd.seed());
            assertTrue(mse < 1e-3, "held-out MSE " + mse + " >= 1e-3, seed " + rnd.seed());
        }
    }

    @Test
    void twoHotHeadRegressesScalarsOverPlusMinusAThousand() {
        TestRandom rnd = new TestRandom();
        Bins bins = Bins.tdmpc2Default();
        Parameters params = new Parameters(be, new Rng(rnd.nextLong(), 0));
        Mlp head = new Mlp(params.scope("reward"), 1, new int[] {128, 128}, bins.numBins(), null, 8, 0f, true, 0);
        // Two phases (a step-decay schedule): the coarse fit, then a tenth of the rate to settle the
        // two-hot expectation, which constant-rate Adam leaves jittering by a fraction of a bin.
        Adam coarse = new Adam(be, List.of(new Adam.Group("all", params.all(), 3e-3f, 1e-8f)));
        Adam fine = new Adam(be, List.of(new Adam.Group("all", params.all(), 3e-4f, 1e-8f)));
        int n = 64;
        float[] xs = new float[n];
        float[] ys = new float[n];
        double maxAbs = 0;
        for (int i = 0; i < n; i++) {
            xs[i] = -1f + 2f * i / (n - 1);
            // symexp(6.9·x) spans about ±1000 with every decade represented.
            ys[i] = (float) (Math.signum(xs[i]) * Math.expm1(6.9 * Math.abs(xs[i] + 0.01 * rnd.uniform(-1, 1))));
            maxAbs = Math.max(maxAbs, Math.abs(ys[i]));
        }
        assertTrue(maxAbs > 900, "targets must reach about ±1000");
        Tensor x = be.fromArray(xs, n, 1);
        Tensor y = be.fromArray(ys, n);
        Rng dropoutRng = new Rng(rnd.nextLong(), 1);
        double err = Double.NaN;
        try (Graph g = new Graph(be)) {
            for (int step = 0; step < 4000; step++) {
                Adam adam = step < 3000 ? coarse : fine;
                Tensor logits = head.forward(new Pass(g, Mode.TRAIN, dropoutRng), x);
                g.backward(ReduceFn.meanAll(g, LossFn.twoHotSoftCe(g, logits, y, bins)));
                adam.step();
                adam.zeroGrad();
                g.reset();
            }
            float[] decoded;
            try (var s = g.noGrad()) {
                decoded = be.toArray(LossFn.twoHotExpectation(g, head.forward(new Pass(g, Mode.EVAL, dropoutRng), x), bins));
            }
            err = 0;
            for (int i = 0; i < n; i++) {
                err += Math.abs(decoded[i] - ys[i]) / Math.max(Math.abs(ys[i]), 1.0);
            }
            err /= n;
        }
        System.out.printf("two-hot regression over ±%.0f: mean relative decoded error %.4f (seed %d)%n", maxAbs, err,
                rnd.seed());
        assertTrue(err < 0.01, "mean relative decoded error " + err + " >= 1%, seed " + rnd.seed());
    }

    @Test
    void steadyStateStepsAllocateNothingNew() {
        TestRandom rnd = new TestRandom();
        Parameters params = new Parameters(be, new Rng(rnd.nextLong(), 0));
        Mlp mlp = new Mlp(params.scope("q"), 9, new int[] {32, 32}, 5, null, 8, 0.01f, false, 3);
        Adam adam = new Adam(be, List.of(new Adam.Group("all", params.all(), 1e-3f, 1e-8f)));
        Tensor x = rnd.uniform(be, false, -1, 1, 16, 9);
        Tensor y = rnd.uniform(be, false, -1, 1, 3, 16, 5);
        Rng dropoutRng = new Rng(rnd.nextLong(), 1);
        try (Graph g = new Graph(be)) {
            long afterFirst = -1;
            for (int step = 0; step < 5; step++) {
                Tensor loss = ReduceFn.meanAll(g, LossFn.mse(g, mlp.forward(new Pass(g, Mode.TRAIN, dropoutRng), x), y));
                g.backward(loss);
                adam.step();
                adam.zeroGrad();
                g.reset();
                if (step == 0) {
                    afterFirst = g.arena().blocksAllocated();
                } else {
                    assertEquals(afterFirst, g.arena().blocksAllocated(), "step " + step + " allocated new arena blocks");
                }
            }
            assertTrue(afterFirst > 0);
        }
    }
}
