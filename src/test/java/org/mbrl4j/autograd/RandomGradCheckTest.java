package org.mbrl4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** Dropout backward regenerates the forward mask: checked against central differences. */
class RandomGradCheckTest {
    private final Backend be = new CpuBackend();

    @Test
    void dropout() {
        TestRandom rnd = new TestRandom();
        DropoutSpec spec = new DropoutSpec(0.3f, new PhiloxKey(rnd.nextLong(), rnd.nextLong(), 0));
        Tensor x = rnd.uniform(be, true, -2, 2, 5, 7);
        GradCheck.of("dropout").check(be, rnd, List.of(x), g -> RandomFn.dropout(g, x, spec));
    }

    @Test
    void nullSpecIsIdentityAndDrawsHaveTheirShapes() {
        TestRandom rnd = new TestRandom();
        Tensor x = rnd.uniform(be, true, -2, 2, 3);
        PhiloxKey key = new PhiloxKey(rnd.nextLong(), 0, 0);
        try (Graph g = new Graph(be)) {
            assertSame(x, RandomFn.dropout(g, x, null));
            assertEquals(0, g.recordedOps());
            Tensor probs = be.fromArray(new float[] {0, 1, 1, 0, 0, 1}, 2, 1, 3);
            int[] idx = be.toIntArray(RandomFn.categorical(g, key, probs));
            assertEquals(2, idx.length);
            assertEquals(2, idx[1], "the only positive entry of row 1");
            assertEquals(3, RandomFn.randint(g, key, 0, 5, 3).numel());
            assertEquals(6, RandomFn.normal(g, key, 0f, 1f, 2, 3).numel());
            assertEquals(4, RandomFn.uniform(g, key, 0f, 1f, 4).numel());
        }
    }
}
