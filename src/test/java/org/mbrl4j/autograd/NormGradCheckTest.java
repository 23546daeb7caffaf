package org.mbrl4j.autograd;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** Gradient checks of {@link NormFn}: LayerNorm, SimNorm, softmax, log-softmax. */
class NormGradCheckTest {
    /** PyTorch's LayerNorm default. */
    private static final float LAYER_NORM_EPS = 1e-5f;

    private final Backend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @Test
    void layerNorm() {
        Tensor x = rnd.normal(be, true, 1.0, 2, 3, 16);
        Tensor gamma = rnd.uniform(be, true, 0.5, 1.5, 16);
        Tensor beta = rnd.normal(be, true, 0.5, 16);
        GradCheck.of("layerNorm").check(be, rnd, List.of(x, gamma, beta),
                g -> NormFn.layerNorm(g, x, gamma, beta, LAYER_NORM_EPS));
    }

    @Test
    void layerNormOddWidth() {
        Tensor x = rnd.normal(be, true, 2.0, 4, 13);
        Tensor gamma = rnd.uniform(be, true, 0.5, 1.5, 13);
        Tensor beta = rnd.normal(be, true, 0.5, 13);
        GradCheck.of("layerNorm C=13").check(be, rnd, List.of(x, gamma, beta),
                g -> NormFn.layerNorm(g, x, gamma, beta, LAYER_NORM_EPS));
    }

    @Test
    void simNorm() {
        Tensor x = rnd.normal(be, true, 1.0, 3, 16);
        GradCheck.of("simNorm G=8").check(be, rnd, List.of(x), g -> NormFn.simNorm(g, x, 8));
        Tensor x3 = rnd.normal(be, true, 1.0, 2, 2, 12);
        GradCheck.of("simNorm G=4").check(be, rnd, List.of(x3), g -> NormFn.simNorm(g, x3, 4));
    }

    @Test
    void softmax() {
        Tensor x = rnd.normal(be, true, 1.5, 4, 7);
        GradCheck.of("softmax").check(be, rnd, List.of(x), g -> NormFn.softmax(g, x));
    }

    @Test
    void logSoftmax() {
        Tensor x = rnd.normal(be, true, 1.5, 2, 3, 9);
        GradCheck.of("logSoftmax").check(be, rnd, List.of(x), g -> NormFn.logSoftmax(g, x));
    }
}
