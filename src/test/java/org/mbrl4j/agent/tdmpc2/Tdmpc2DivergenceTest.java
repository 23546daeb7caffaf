package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/** The divergence guard of TD-MPC2: no optimizer step on a non-finite value, no NaN action, and the keys to change. */
class Tdmpc2DivergenceTest {

    @Test
    void anInfiniteGradientNormStopsTheUpdateBeforeItsStepAndTheAgentThenNeitherLearnsNorActs() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "consistency_coef=1e30");
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 2);
        try (var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
            AgentState before = agent.state();
            var e = assertThrows(DivergedException.class, () -> agent.update(buffer.sample(16, 3, sampler)));
            Divergence d = e.divergence();
            assertEquals("grad_norm", d.quantity(), "the losses are finite, their gradient is not; seed " + rnd.seed());
            assertEquals(Double.POSITIVE_INFINITY, d.value());
            assertEquals(1, d.update());
            assertEquals("lr=0.0003", d.keys().get(0), d.keys().toString());
            assertTrue(d.keys().contains("consistency_coef=1.0E30"), d.keys().toString());
            assertSame(d, agent.divergence().orElseThrow());
            assertSameTensors(before, agent.state());

            Observation obs = buffer.episode(0).obs().get(3);
            assertSame(d, assertThrows(DivergedException.class, () -> agent.act(obs, ActMode.TRAIN, 5)).divergence());
            assertSame(d, assertThrows(DivergedException.class, () -> agent.update(buffer.sample(16, 3, sampler)))
                    .divergence());
            assertSameTensors(before, agent.state());
        }
    }

    @Test
    void parametersThatOverflowInThePlannerRaiseTheDivergenceInsteadOfANanAction() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "num_samples=16", "num_elites=4",
                "iterations=1", "planner_num_seed_policy_trajectories=2");
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 1);
        Observation obs = buffer.episode(0).obs().get(3);
        for (ActMode mode : ActMode.values()) {
            try (var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
                agent.restore(scaledParameters(agent.state(), 1e30f));
                var e = assertThrows(DivergedException.class, () -> {
                    for (int step = 0; step < 3; step++) {
                        float[] a = agent.act(obs, mode, step);
                        for (float x : a) {
                            assertTrue(Float.isFinite(x), mode + " step " + step + ": action " + x + " reached the env");
                        }
                    }
                }, mode + ": huge parameters must end in a divergence; seed " + rnd.seed());
                Divergence d = e.divergence();
                assertTrue(List.of("planner_elite_weight", "action").contains(d.quantity()), d.toString());
                assertFalse(Double.isFinite(d.value()));
                assertEquals(0, d.update(), "no update was applied");
                assertSame(d, agent.divergence().orElseThrow());
                assertThrows(DivergedException.class, () -> agent.act(obs, mode, 9));
            }
        }
    }

    @Test
    void theKeysToChangeStartWithLrThenTheQuantitysCoefficientThenTheClipThenTheOtherCoefficients() {
        var cfg = Tdmpc2UpdateTest.tinyConfig("lr=0.0003", "reward_coef=0.5", "grad_clip_norm=20").tdmpc2().training();
        var guard = new DivergenceGuard(cfg, true, null);
        assertEquals(List.of("lr=0.0003", "reward_coef=0.5", "grad_clip_norm=20", "consistency_coef=20",
                "value_coef=0.1", "termination_coef=1", "entropy_coef=0.0001"), guard.keys("reward_loss"));
        assertEquals(List.of("lr=0.0003", "grad_clip_norm=20", "consistency_coef=20", "reward_coef=0.5",
                "value_coef=0.1", "multi_gamma.loss_weight=0.25", "entropy_coef=0.0001"),
                new DivergenceGuard(cfg, false, 0.25).keys("grad_norm"));
        assertEquals("entropy_coef=0.0001", new DivergenceGuard(cfg, false, null).keys("pi_loss").get(1));
        assertEquals("multi_gamma.loss_weight=0.25",
                new DivergenceGuard(cfg, false, 0.25).keys("multi_gamma/ce_0.9").get(1));
        assertEquals("1.0E30", DivergenceGuard.format(1e30));
        assertEquals("1.0E-7", DivergenceGuard.format(1e-7));
    }

    @Test
    void aHugeLearningRateBlowsTheLossesUpFiniteAndStopsAtTheLimitBeforeTheStep() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "lr=1e3");
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 2);
        try (var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
            var e = assertThrows(DivergedException.class, () -> {
                for (int i = 0; i < 200; i++) {
                    agent.update(buffer.sample(16, 3, sampler));
                }
            }, "lr=1e3 must stop within 200 updates; seed " + rnd.seed());
            Divergence d = e.divergence();
            assertTrue(d.quantity().endsWith("_loss") && !d.quantity().startsWith("pi_"), d.toString());
            assertTrue(Double.isFinite(d.value()) && d.value() > 1e4, d.toString());
            assertEquals(1e4, d.limit());
            assertEquals("lr=1000", d.keys().get(0));
            assertEquals("divergence_loss_limit=10000 (0: stop on NaN or inf only)", d.keys().getLast());
            assertTrue(d.describe().endsWith(", above divergence_loss_limit=10000"), d.describe());
            for (String name : List.of("model.encoder.0.weight", "model.reward.0.weight")) {
                float[] w = agent.state().tensors().stream().filter(t -> t.name().equals(name)).findFirst()
                        .orElseThrow().floats();
                for (float x : w) {
                    assertTrue(Float.isFinite(x), name);
                }
            }
        }
    }

    @Test
    void withTheLimitOffOnlyNonFiniteValuesStopTheRun() {
        var off = new DivergenceGuard(Tdmpc2UpdateTest.tinyConfig("divergence_loss_limit=0").tdmpc2().training(), false,
                null);
        off.requireFinite(new java.util.LinkedHashMap<>(java.util.Map.of("reward_loss", 1e9)), 3);
        var on = new DivergenceGuard(Tdmpc2UpdateTest.tinyConfig().tdmpc2().training(), false, null);
        on.requireFinite(new java.util.LinkedHashMap<>(java.util.Map.of("reward_loss", 9999.0, "pi_loss", 1e9,
                "grad_norm", 1e9)), 3);
        var e = assertThrows(DivergedException.class, () -> on.requireFinite(new java.util.LinkedHashMap<>(
                java.util.Map.of("value_loss", 10001.0)), 4));
        assertEquals("value_loss = 10001.0 at update 4, above divergence_loss_limit=10000", e.divergence().describe());
    }

    @Test
    void aDivergenceHoldsANonFiniteValueOnly() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Divergence(1, "pi_loss", 2.5, List.of()));
        assertTrue(e.getMessage().contains("pi_loss=2.5 is finite"), e.getMessage());
        assertEquals("pi_loss = NaN at update 7", new Divergence(7, "pi_loss", Double.NaN, List.of()).describe());
    }

    private static AgentState scaledParameters(AgentState s, float factor) {
        List<TensorData> tensors = new ArrayList<>();
        for (TensorData t : s.tensors()) {
            if (t.name().startsWith("model.") || t.name().startsWith("target.")) {
                float[] v = t.floats().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= factor;
                }
                tensors.add(TensorData.f32(t.name(), v, t.shape()));
            } else {
                tensors.add(t);
            }
        }
        return new AgentState(tensors, s.scalars());
    }

    private static void assertSameTensors(AgentState expected, AgentState actual) {
        assertEquals(expected.tensors().size(), actual.tensors().size());
        for (int i = 0; i < expected.tensors().size(); i++) {
            TensorData e = expected.tensors().get(i);
            TensorData a = actual.tensors().get(i);
            assertEquals(e.name(), a.name());
            assertArrayEquals(e.floats(), a.floats(), e.name() + " changed");
        }
        assertEquals(expected.scalars().get("running_scale"), actual.scalars().get("running_scale"));
    }
}
