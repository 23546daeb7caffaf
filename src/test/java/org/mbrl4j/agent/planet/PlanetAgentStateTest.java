package org.mbrl4j.agent.planet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.TensorData;

/**
 * PlaNet's state: restore() continues bit for bit (updates and acts mid-episode, the belief included);
 * the eval actor is a pure function of (seed, step, first) and moves nothing of training; a state of
 * another architecture is refused naming its entries.
 */
class PlanetAgentStateTest {
    private final PlanetFixture f = new PlanetFixture();

    /** Two updates and three acts in TRAIN mode (exploration noise on), their outputs in order. */
    private List<Object> work(PlanetAgent agent, long batches) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            out.add(agent.update(f.batch(agent, batches + i)));
        }
        for (int i = 0; i < 3; i++) {
            out.add(List.of(toList(agent.act(f.frame(i), ActMode.TRAIN, 10 + i))));
        }
        return out;
    }

    private static List<Float> toList(float[] a) {
        List<Float> out = new ArrayList<>();
        for (float x : a) {
            out.add(x);
        }
        return out;
    }

    @Test
    void restoreContinuesBitForBitMidEpisode() {
        try (Backend be = new CpuBackend(); PlanetAgent a = f.agent(be); PlanetAgent b = f.agent(be)) {
            a.resetEpisode();
            work(a, 1);
            AgentState saved = a.state();
            List<Object> expected = work(a, 3);
            AgentState after = a.state();

            b.restore(saved);
            assertEquals(expected, work(b, 3));
            assertStatesEqual(after, b.state());
        }
    }

    @Test
    void theEvalActorIsPureAndLeavesTrainingUntouched() {
        try (Backend be = new CpuBackend(); PlanetAgent agent = f.agent(be)) {
            agent.update(f.batch(agent, 1));
            agent.act(f.frame(0), ActMode.TRAIN, 5);
            AgentState before = agent.state();
            float[][] first = evaluate(agent);
            float[][] again = evaluate(agent);
            for (int e = 0; e < first.length; e++) {
                assertArrayEquals(first[e], again[e], "episode " + e + ": (seed, step, first) decide the actions");
            }
            assertStatesEqual(before, agent.state());
        }
    }

    /** Two episodes side by side for three steps, the second ending after two. */
    private float[][] evaluate(PlanetAgent agent) {
        try (EvalActor actor = agent.evalActor(2, 100, 0).orElseThrow()) {
            float[][] last = null;
            for (int t = 0; t < 3; t++) {
                Observation[] obs = {f.frame(t), t < 2 ? f.frame(t + 5) : null};
                float[][] actions = actor.act(obs);
                assertEquals(t < 2, actions[1] != null, "an ended episode gets no action");
                last = t == 1 ? actions : last;
            }
            return last;
        }
    }

    @Test
    void aStateOfAnotherArchitectureIsRefusedNamingItsEntries() {
        var other = new PlanetFixture("planet.deter_size=9");
        try (Backend be = new CpuBackend(); PlanetAgent a = f.agent(be); PlanetAgent b = other.agent(be)) {
            var e = assertThrows(IllegalArgumentException.class, () -> b.restore(a.state()));
            assertTrue(e.getMessage().contains("tensor 'model.rssm.gru_ih.weight' has shape [24, 8], this model needs"
                    + " [27, 8]"), e.getMessage());
        }
    }

    private static void assertStatesEqual(AgentState x, AgentState y) {
        assertEquals(x.scalars(), y.scalars());
        assertEquals(x.tensors().size(), y.tensors().size());
        Map<String, TensorData> byName = new HashMap<>();
        y.tensors().forEach(t -> byName.put(t.name(), t));
        for (TensorData t : x.tensors()) {
            assertArrayEquals(t.floats(), byName.get(t.name()).floats(), t.name());
        }
    }
}
