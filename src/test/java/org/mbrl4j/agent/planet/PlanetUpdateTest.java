package org.mbrl4j.agent.planet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;

/** PlaNet's update: the loss falls on a fixed batch, and the KL term is clamped at free_nats. */
class PlanetUpdateTest {

    @Test
    void theLossFallsOnAFixedBatch() {
        var f = new PlanetFixture("planet.cnn_depth=4", "planet.deter_size=16", "planet.stoch_size=8");
        try (Backend be = new CpuBackend(); PlanetAgent agent = f.agent(be)) {
            Batch batch = f.batch(agent, 1);
            Map<String, Double> first = agent.update(batch);
            Map<String, Double> last = first;
            for (int i = 0; i < 30; i++) {
                last = agent.update(batch);
            }
            double before = first.get("model_loss");
            double after = last.get("model_loss");
            assertTrue(after < before - 100, "model_loss " + before + " -> " + after);
            assertTrue(last.get("image_loss") < first.get("image_loss"), first + " -> " + last);
            assertTrue(last.get("reward_loss") < first.get("reward_loss"), first + " -> " + last);
        }
    }

    @Test
    void theKlTermIsClampedAtFreeNats() {
        var free = new PlanetFixture("planet.free_nats=1000");
        try (Backend be = new CpuBackend(); PlanetAgent agent = free.agent(be)) {
            Map<String, Double> m = agent.update(free.batch(agent, 1));
            assertTrue(m.get("kl") < 1000, m.toString());
            assertEquals(1000.0, m.get("kl_loss"), 0.0, "every step's KL is below 1000 nats, so the term is the clamp");
        }
        var none = new PlanetFixture("planet.free_nats=0");
        try (Backend be = new CpuBackend(); PlanetAgent agent = none.agent(be)) {
            Map<String, Double> m = agent.update(none.batch(agent, 1));
            assertEquals(m.get("kl"), m.get("kl_loss"), 1e-4 * m.get("kl"), "free_nats 0: the term is the KL itself");
        }
    }

    @Test
    void metricsComeInTrainCsvOrder() {
        var f = new PlanetFixture();
        try (Backend be = new CpuBackend(); PlanetAgent agent = f.agent(be)) {
            assertEquals(List.of("model_loss", "image_loss", "reward_loss", "kl_loss", "kl", "grad_norm"),
                    List.copyOf(agent.update(f.batch(agent, 1)).keySet()));
        }
    }
}
