package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/** The pair of target heads drawn on the backend is the host draw's pair, and it uses the same Philox blocks. */
class RandomPairTest {

    @Test
    void theBackendDrawIsTheHostPermutationsPrefix() {
        TestRandom rnd = new TestRandom();
        try (CpuBackend be = new CpuBackend(); Graph g = new Graph(be)) {
            for (int numQ : new int[] {2, 3, 5, 8}) {
                MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("num_q=" + numQ);
                WorldModel model = new WorldModel(be, ModelDims.of(cfg.tdmpc2(), false, 3, 1), rnd.nextLong());
                long seed = rnd.nextLong();
                long start = rnd.nextInt(1 << 20);
                Rng host = new Rng(seed, 4, start);
                Rng device = new Rng(seed, 4, start);
                for (int draw = 0; draw < 20; draw++) {
                    int[] want = model.randomPair(host);
                    int[] got = be.toIntArray(model.randomPair(g, device));
                    assertArrayEquals(want, got, "num_q=" + numQ + " draw " + draw + "; " + rnd.seed());
                    assertEquals(host.counter(), device.counter(), "the same blocks consumed");
                }
                g.reset();
            }
        }
    }
}
