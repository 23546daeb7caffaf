package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/** The validation losses (docs/training-features.md#validation) are the update's loss formulas, and change nothing. */
class Tdmpc2HeldOutLossesTest {

    @Test
    void theHeldOutLossesEqualTheUpdatesLossesOnTheSameBatchAndDrawsAndChangeNothing() {
        TestRandom rnd = new TestRandom();
        // dropout 0: eval mode (held out) and train mode (the update) then compute the same thing
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "dropout=0");
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Batch batch = buffer.sample(16, 3, new Rng(rnd.nextLong(), 2));
        try (var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
            AgentState before = agent.state();
            // the update's own stream at its current counter: the same TD-target draws as the update below
            Rng same = new Rng(agent.spec().seed(), Tdmpc2Agent.UPDATE_STREAM,
                    Long.parseLong(before.scalars().get("rng.update")));
            Map<String, Double> held = agent.heldOutLosses().orElseThrow().losses(batch, same);
            assertSameState(before, agent.state());

            Map<String, Double> trained = agent.update(batch);
            assertEquals(List.of("consistency_loss", "reward_loss", "value_loss"), List.copyOf(held.keySet()));
            for (String k : held.keySet()) {
                assertEquals(trained.get(k), held.get(k), 1e-6 * Math.abs(trained.get(k)), k + "; seed " + rnd.seed());
            }
        }
    }

    private static void assertSameState(AgentState a, AgentState b) {
        assertEquals(a.scalars(), b.scalars(), "counters, steps and the running scale");
        for (int i = 0; i < a.tensors().size(); i++) {
            assertArrayEquals(a.tensors().get(i).floats(), b.tensors().get(i).floats(), a.tensors().get(i).name());
        }
    }
}
