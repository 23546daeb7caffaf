package org.mbrl4j.autograd;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** LossFn backward against central differences, with leading dims so the row flattening is exercised. */
class LossGradCheckTest {
    private final Backend be = new CpuBackend();

    @Test
    void mseBothInputs() {
        TestRandom rnd = new TestRandom();
        Tensor pred = rnd.uniform(be, true, -2, 2, 2, 3, 5);
        Tensor target = rnd.uniform(be, true, -2, 2, 2, 3, 5);
        GradCheck.of("mse").check(be, rnd, List.of(pred, target), g -> LossFn.mse(g, pred, target));
    }

    @Test
    void unitGaussianNllBothInputs() {
        TestRandom rnd = new TestRandom();
        Tensor mean = rnd.uniform(be, true, -2, 2, 2, 3, 5);
        Tensor target = rnd.uniform(be, true, -2, 2, 2, 3, 5);
        GradCheck.of("unitGaussianNll").check(be, rnd, List.of(mean, target),
                g -> LossFn.unitGaussianNll(g, mean, target));
    }

    /** Free nats 0: the plain KL, every row passes gradient to all four inputs. */
    @Test
    void gaussianKlUnclamped() {
        TestRandom rnd = new TestRandom();
        Tensor muQ = rnd.uniform(be, true, -1, 1, 2, 3, 4);
        Tensor stdQ = rnd.uniform(be, true, 0.5, 1.5, 2, 3, 4);
        Tensor muP = rnd.uniform(be, true, -1, 1, 2, 3, 4);
        Tensor stdP = rnd.uniform(be, true, 0.5, 1.5, 2, 3, 4);
        GradCheck.of("gaussianKl (free nats 0)").check(be, rnd, List.of(muQ, stdQ, muP, stdP),
                g -> LossFn.gaussianKl(g, muQ, stdQ, muP, stdP, 0f));
    }

    /**
     * PlaNet's 3 free nats binding on the even rows (q close to p: kl < 0.2) and not on the odd ones
     * (means 1.5 to 2.5 apart, σp <= 1: kl > 4), each row far from the kink compared with the step.
     */
    @Test
    void gaussianKlFreeNatsBindOnSomeRows() {
        TestRandom rnd = new TestRandom();
        int rows = 6, dim = 4;
        float[] mq = rnd.floats(rows * dim, -1, 1), sq = rnd.floats(rows * dim, 0.6, 1.0);
        float[] mp = new float[rows * dim], sp = new float[rows * dim];
        for (int i = 0; i < rows * dim; i++) {
            boolean near = (i / dim) % 2 == 0;
            double shift = near ? rnd.uniform(-0.1, 0.1) : rnd.uniform(1.5, 2.5) * (rnd.nextInt(2) * 2 - 1);
            mp[i] = (float) (mq[i] + shift);
            sp[i] = (float) (sq[i] * (near ? rnd.uniform(0.95, 1.05) : rnd.uniform(0.8, 1.0)));
        }
        Tensor muQ = upload(mq, rows, dim), stdQ = upload(sq, rows, dim);
        Tensor muP = upload(mp, rows, dim), stdP = upload(sp, rows, dim);
        float freeNats = 3f;
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            float[] kl = be.toArray(LossFn.gaussianKl(g, muQ, stdQ, muP, stdP, 0f));
            for (int r = 0; r < rows; r++) {
                boolean binds = r % 2 == 0;
                org.junit.jupiter.api.Assertions.assertTrue(binds ? kl[r] < 0.2f : kl[r] > 4f,
                        "row " + r + " kl " + kl[r] + " should " + (binds ? "" : "not ") + "bind at 3 free nats");
            }
        }
        GradCheck.of("gaussianKl (3 free nats)").check(be, rnd, List.of(muQ, stdQ, muP, stdP),
                g -> LossFn.gaussianKl(g, muQ, stdQ, muP, stdP, freeNats));
    }

    private Tensor upload(float[] values, int... shape) {
        Tensor t = be.tensor(org.mbrl4j.tensor.DType.F32, true, shape);
        be.upload(values, 0, t);
        return t;
    }

    @Test
    void bceWithLogits() {
        TestRandom rnd = new TestRandom();
        Tensor logits = rnd.uniform(be, true, -4, 4, 4, 6);
        Tensor target = rnd.uniform(be, false, 0, 1, 4, 6);
        GradCheck.of("bceWithLogits").check(be, rnd, List.of(logits), g -> LossFn.bceWithLogits(g, logits, target));
    }

    @Test
    void twoHotSoftCe() {
        TestRandom rnd = new TestRandom();
        Bins bins = new Bins(31, -5f, 5f);
        Tensor logits = rnd.normal(be, true, 1.5, 3, 2, bins.numBins());
        Tensor target = rnd.uniform(be, false, -50, 50, 3, 2);
        GradCheck.of("twoHotSoftCe").check(be, rnd, List.of(logits),
                g -> LossFn.twoHotSoftCe(g, logits, target, bins));
        Bins defaults = Bins.tdmpc2Default();
        Tensor logits101 = rnd.normal(be, true, 1.0, 2, defaults.numBins());
        Tensor target101 = rnd.uniform(be, false, -500, 500, 2);
        GradCheck.of("twoHotSoftCe (101 bins)").check(be, rnd, List.of(logits101),
                g -> LossFn.twoHotSoftCe(g, logits101, target101, defaults));
    }

    @Test
    void twoHotExpectation() {
        TestRandom rnd = new TestRandom();
        Bins bins = new Bins(31, -5f, 5f);
        Tensor logits = rnd.normal(be, true, 1.0, 2, 2, bins.numBins());
        GradCheck.of("twoHotExpectation").check(be, rnd, List.of(logits),
                g -> LossFn.twoHotExpectation(g, logits, bins));
    }
}
