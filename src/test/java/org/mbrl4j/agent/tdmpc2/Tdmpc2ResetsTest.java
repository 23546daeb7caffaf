package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.ParameterResets;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/** Resets (docs/training-features.md#resets): θ ← α·θ + β·θ₀ of the named components, their moments zeroed. */
class Tdmpc2ResetsTest {
    private static final List<String> RESET = List.of(WorldModel.ENCODER, WorldModel.Q);

    @Test
    void alphaOneBetaZeroChangesNoParameterAndZeroesTheMomentsOfTheResetComponentsOnly() {
        TestRandom rnd = new TestRandom();
        try (var agent = trained(rnd)) {
            AgentState before = agent.state();
            agent.parameterResets().orElseThrow().reset(RESET, 1, 0, 1);
            Map<String, TensorData> was = byName(before);
            for (TensorData t : agent.state().tensors()) {
                boolean moment = t.name().startsWith("optim.");
                if (moment && isReset(t.name())) {
                    assertTrue(allZero(t.floats()), t.name() + ": fresh optimizer state");
                    assertFalse(allZero(was.get(t.name()).floats()), t.name() + " was not zero before");
                } else {
                    assertArrayEquals(was.get(t.name()).floats(), t.floats(), t.name() + "; seed " + rnd.seed());
                }
            }
            assertEquals(before.scalars(), agent.state().scalars(), "step counters, running scale, streams");
        }
    }

    @Test
    void alphaZeroBetaOneEqualsAFreshInitialisationFromTheResetsOwnStream() {
        TestRandom rnd = new TestRandom();
        try (var agent = trained(rnd)) {
            Map<String, TensorData> was = byName(agent.state());
            agent.parameterResets().orElseThrow().reset(RESET, 0, 1, 3);
            var fresh = new WorldModel(new CpuBackend(), agent.model().dims(), null,
                    Tdmpc2Resets.freshSeed(agent.spec().seed(), 3));
            var be = agent.model().backend();
            Map<String, TensorData> now = byName(agent.state());
            fresh.params().asMap().forEach((n, t) -> {
                float[] expected = isReset("model." + n) ? fresh.backend().toArray(t) : was.get("model." + n).floats();
                assertArrayEquals(expected, now.get("model." + n).floats(), n + "; seed " + rnd.seed());
            });
            agent.model().targetParams().asMap().forEach((n, t) -> assertArrayEquals(
                    fresh.backend().toArray(fresh.params().get(n)), be.toArray(t), "target " + n + " restarts fresh"));
            for (String n : now.keySet()) {
                if (n.startsWith("optim.") && !isReset(n)) {
                    assertArrayEquals(was.get(n).floats(), now.get(n).floats(), n + " keeps its moments");
                }
            }
        }
    }

    @Test
    void anUnknownComponentIsRefusedNamingTheKnownOnes() {
        TestRandom rnd = new TestRandom();
        try (var agent = trained(rnd)) {
            ParameterResets resets = agent.parameterResets().orElseThrow();
            assertEquals(List.of("encoder", "dynamics", "reward", "pi", "q"), resets.components());
            var e = assertThrows(IllegalArgumentException.class, () -> resets.reset(List.of("critic"), 0, 1, 1));
            assertTrue(e.getMessage().contains("'critic'") && e.getMessage().contains("encoder"), e.getMessage());
        }
    }

    private static Tdmpc2Agent trained(TestRandom rnd) {
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000));
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200));
        Rng sampler = new Rng(rnd.nextLong(), 2);
        agent.update(buffer.sample(16, 3, sampler));
        agent.update(buffer.sample(16, 3, sampler));
        return agent;
    }

    /** Whether a state tensor (model.*, target.*, optim.*.m|v.*) belongs to a reset component. */
    private static boolean isReset(String stateName) {
        String p = stateName.replaceFirst("^(model|target)\\.", "").replaceFirst("^optim\\.[a-z]+\\.[mv]\\.", "");
        return RESET.contains(p.substring(0, p.indexOf('.')));
    }

    private static boolean allZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, TensorData> byName(AgentState s) {
        return s.tensors().stream().collect(Collectors.toMap(TensorData::name, Function.identity()));
    }
}
