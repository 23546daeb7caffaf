package org.mbrl4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Tape mechanics: no-grad scopes, detach, accumulation, views, reset. */
class GraphTest {
    private final CpuBackend be = new CpuBackend();

    private Tensor param(TestRandom rnd, int... shape) {
        Tensor p = rnd.uniform(be, true, -1, 1, shape);
        p.setGrad(be.tensor(DType.F32, false, shape));
        return p;
    }

    @Test
    void noGradScopeRecordsNothing() {
        TestRandom rnd = new TestRandom();
        Tensor w = param(rnd, 3, 4);
        Tensor x = rnd.uniform(be, false, -1, 1, 2, 4);
        try (Graph g = new Graph(be)) {
            try (var s = g.noGrad()) {
                Tensor y = DenseFn.linear(g, x, w, null);
                assertTrue(!y.requiresGrad());
                assertEquals(0, g.recordedOps());
            }
            Tensor y = DenseFn.linear(g, x, w, null);
            assertTrue(y.requiresGrad());
            assertEquals(1, g.recordedOps());
        }
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        TestRandom rnd = new TestRandom();
        Tensor w = param(rnd, 3, 4);
        Tensor x = rnd.uniform(be, false, -1, 1, 2, 4);
        float[] once;
        try (Graph g = new Graph(be)) {
            g.backward(ReduceFn.sumAll(g, DenseFn.linear(g, x, w, null)));
            once = be.toArray(w.grad());
            g.reset();
            g.backward(ReduceFn.sumAll(g, DenseFn.linear(g, x, w, null)));
        }
        float[] twice = be.toArray(w.grad());
        float[] xs = be.toArray(x);
        for (int n = 0; n < 3; n++) {
            for (int k = 0; k < 4; k++) {
                // d/dw[n,k] of Σ_m Σ_n x[m,:]·w[n,:] is Σ_m x[m,k].
                float expected = xs[k] + xs[4 + k];
                assertEquals(expected, once[n * 4 + k], 1e-6f);
                assertEquals(2 * expected, twice[n * 4 + k], 1e-6f);
            }
        }
    }

    @Test
    void detachStopsTheGradient() {
        TestRandom rnd = new TestRandom();
        Tensor w1 = param(rnd, 4, 4);
        Tensor w2 = param(rnd, 2, 4);
        Tensor x = rnd.uniform(be, false, -1, 1, 3, 4);
        try (Graph g = new Graph(be)) {
            Tensor h = DenseFn.linear(g, x, w1, null).detach();
            g.backward(ReduceFn.sumAll(g, DenseFn.linear(g, h, w2, null)));
        }
        for (float v : be.toArray(w1.grad())) {
            assertEquals(0f, v, "no gradient may reach w1 through a detached tensor");
        }
        boolean any = false;
        for (float v : be.toArray(w2.grad())) {
            any |= v != 0f;
        }
        assertTrue(any);
    }

    @Test
    void resetDropsArenaGradientsAndBackwardNeedsAScalar() {
        TestRandom rnd = new TestRandom();
        Tensor w = param(rnd, 3, 4);
        Tensor x = rnd.uniform(be, true, -1, 1, 2, 4);
        try (Graph g = new Graph(be)) {
            Tensor y = DenseFn.linear(g, x, w, null);
            assertThrows(IllegalArgumentException.class, () -> g.backward(y));
            g.backward(ReduceFn.sumAll(g, y));
            assertTrue(x.grad() != null);
            g.reset();
            assertNull(x.grad(), "an arena gradient must not survive reset");
            assertTrue(w.grad() != null, "a parameter's persistent gradient survives reset");
        }
    }

    @Test
    void backwardConsumesTheTapeSoASecondLossDoesNotRepeatTheFirst() {
        TestRandom rnd = new TestRandom();
        Tensor w1 = param(rnd, 3, 4);
        Tensor w2 = param(rnd, 2, 4);
        Tensor x = rnd.uniform(be, false, -1, 1, 2, 4);
        try (Graph g = new Graph(be)) {
            g.backward(ReduceFn.sumAll(g, DenseFn.linear(g, x, w1, null)));
            float[] first = be.toArray(w1.grad());
            be.fill(w1.grad(), 0f); // an optimizer step would zero it here
            g.backward(ReduceFn.sumAll(g, DenseFn.linear(g, x, w2, null)));
            for (float v : be.toArray(w1.grad())) {
                assertEquals(0f, v, "the second backward re-ran the first loss's ops into w1");
            }
            assertTrue(first[0] != 0f);
            assertEquals(0, g.recordedOps());
        }
    }
}
