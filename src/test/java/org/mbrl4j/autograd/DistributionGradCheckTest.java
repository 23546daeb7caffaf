package org.mbrl4j.autograd;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** DistributionFn backward against central differences; eps is constant noise throughout. */
class DistributionGradCheckTest {
    private final Backend be = new CpuBackend();

    @Test
    void gaussianSampleMeanAndLogStd() {
        TestRandom rnd = new TestRandom();
        Tensor mean = rnd.uniform(be, true, -1, 1, 3, 4);
        Tensor logStd = rnd.uniform(be, true, -1, 1, 3, 4);
        Tensor eps = rnd.normal(be, false, 1.0, 3, 4);
        GradCheck.of("gaussianSample").check(be, rnd, List.of(mean, logStd),
                g -> DistributionFn.gaussianSample(g, mean, logStd, eps));
    }

    @Test
    void gaussianLogProbLogStd() {
        TestRandom rnd = new TestRandom();
        Tensor logStd = rnd.uniform(be, true, -2, 1, 2, 3, 4);
        Tensor eps = rnd.normal(be, false, 1.0, 2, 3, 4);
        GradCheck.of("gaussianLogProb").check(be, rnd, List.of(logStd),
                g -> DistributionFn.gaussianLogProb(g, eps, logStd));
    }

    @Test
    void tanhSquashActionAndLogDet() {
        TestRandom rnd = new TestRandom();
        // |u| < 2: 1 - tanh(u)^2 >= 0.07, so the relu is active and the log is smooth.
        Tensor u = rnd.uniform(be, true, -1.9, 1.9, 2, 3, 5);
        GradCheck.of("tanhSquash action").check(be, rnd, List.of(u), g -> DistributionFn.tanhSquash(g, u).action());
        GradCheck.of("tanhSquash logDet").check(be, rnd, List.of(u), g -> DistributionFn.tanhSquash(g, u).logDet());
    }
}
