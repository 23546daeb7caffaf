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
