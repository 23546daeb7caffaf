package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.agent.planner.PlannerInfo;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/** TD-MPC2 through the {@link Agent} interface: what the trainer, evaluator and checkpoints rely on. */
class Tdmpc2AgentContractTest {
    private final CpuBackend be = new CpuBackend();

    private static MbrlConfig config(int seed, String... extra) {
        var o = new java.util.ArrayList<>(List.of("seed=" + seed, "num_samples=32", "num_elites=4",
                "planner_num_seed_policy_trajectories=4", "iterations=2"));
        o.addAll(List.of(extra));
        return Tdmpc2UpdateTest.tinyConfig(o.toArray(String[]::new));
    }

    private static RunSpec runSpec(MbrlConfig cfg) {
        return RunSpec.derive(cfg.run(), "pendulum", ObsSpec.vector(PendulumData.OBS_DIM), PendulumData.ACTION_DIM, 200);
    }

    private Agent agent(MbrlConfig cfg) {
        return Agents.create(be, runSpec(cfg), cfg);
    }

    private static Observation obs(TestRandom rnd) {
        return new Observation.F32(rnd.floats(PendulumData.OBS_DIM, -1, 1));
    }

    @Test
    void actReturnsOneActionInTheUnitBoxPerActionDimInBothModesWithAndWithoutPlanning() {
        TestRandom rnd = new TestRandom();
        for (String mpc : List.of("mpc=true", "mpc=false")) {
            try (Agent agent = agent(config(rnd.nextInt(1000), mpc))) {
                assertInstanceOf(Tdmpc2Agent.class, agent);
                assertEquals(Algorithm.TDMPC2, agent.algorithm());
                assertEquals(ActInfo.NONE, agent.lastActInfo(), "nothing acted yet");
                agent.resetEpisode();
                for (int i = 0; i < 6; i++) {
                    ActMode mode = i % 2 == 0 ? ActMode.TRAIN : ActMode.EVAL;
                    float[] a = agent.act(obs(rnd), mode, i);
                    assertEquals(PendulumData.ACTION_DIM, a.length);
                    for (float v : a) {
                        assertTrue(v >= -1f && v <= 1f && !Float.isNaN(v), mpc + " " + mode + ": " + v + ", seed "
                                + rnd.seed());
                    }
                    Map<String, Double> info = agent.lastActInfo().logScalars();
                    if (mpc.equals("mpc=true")) {
                        assertInstanceOf(PlannerInfo.class, agent.lastActInfo());
                        assertTrue(info.containsKey("planner/value_chosen"), info.toString());
                    } else {
                        assertTrue(info.isEmpty(), "the policy prior does not plan: " + info);
                    }
                }
            }
        }
    }

    @Test
    void observationsOfAnotherTypeOrSizeAreRejectedWithTheReason() {
        try (Agent agent = agent(config(1))) {
            var pixels = assertThrows(IllegalArgumentException.class,
                    () -> agent.act(new Observation.U8(new byte[3 * 64 * 64]), ActMode.EVAL, 0));
            assertTrue(pixels.getMessage().contains("a U8 observation of 12288 values, but this model takes f32 state"
                    + " vectors"), pixels.getMessage());
            var size = assertThrows(IllegalArgumentException.class,
                    () -> agent.act(new Observation.F32(new float[4]), ActMode.EVAL, 0));
            assertTrue(size.getMessage().contains("observation has 4 values, expected 3"), size.getMessage());
        }
        var e = assertThrows(org.mbrl4j.config.ConfigException.class,
                () -> RunSpec.derive(config(1).run(), "frames", ObsSpec.frame(3, 64, 64), 1, 200));
        assertTrue(e.getMessage().contains("obs=state, but env frames observes u8[3, 64, 64]"), e.getMessage());
        var rgb = assertThrows(org.mbrl4j.config.ConfigException.class,
                () -> RunSpec.derive(config(1, "obs=rgb").run(), "pendulum", ObsSpec.vector(3), 1, 200));
        assertTrue(rgb.getMessage().contains("obs=rgb, but env pendulum observes f32[3] (rgb observations are u8"
                + " frames"), rgb.getMessage());
    }

    @Test
    void updateSamplesTheAgentsBatchShapeAndReturnsFiniteMetricsInAStableOrder() {
        TestRandom rnd = new TestRandom();
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        try (Agent agent = agent(config(rnd.nextInt(1000), "batch_size=8", "horizon=4"))) {
            assertEquals(new BatchShape(8, 4), agent.batchShape());
            BatchShape s = agent.batchShape();
            Map<String, Double> first = agent.update(buffer.sample(s.batchSize(), s.transitions(), new Rng(3, 3)));
            Map<String, Double> second = agent.update(buffer.sample(s.batchSize(), s.transitions(), new Rng(4, 4)));
            assertFalse(first.isEmpty());
            assertEquals(List.copyOf(first.keySet()), List.copyOf(second.keySet()), "same keys, same order");
            for (String k : List.of("consistency_loss", "reward_loss", "value_loss", "pi_loss", "total_loss")) {
                assertTrue(first.containsKey(k), k + " in " + first.keySet());
            }
            first.forEach((k, v) -> assertTrue(Double.isFinite(v), k + "=" + v + ", seed " + rnd.seed()));
        }
    }

    @Test
    void stateAndRestoreRoundTripBitForBit() {
        TestRandom rnd = new TestRandom();
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        MbrlConfig cfg = config(rnd.nextInt(1000));
        // the seed is config, not state: the restored agent is built from the same config
        try (Agent x = agent(cfg); Agent y = agent(cfg)) {
            BatchShape s = x.batchShape();
            x.update(buffer.sample(s.batchSize(), s.transitions(), new Rng(5, 5)));
            x.act(obs(rnd), ActMode.TRAIN, 10);
            AgentState saved = x.state();
            y.restore(saved);
            assertEquals(saved.scalars(), y.state().scalars());
            List<TensorData> ys = y.state().tensors();
            for (int i = 0; i < saved.tensors().size(); i++) {
                assertEquals(saved.tensors().get(i).name(), ys.get(i).name());
                assertArrayEquals(saved.tensors().get(i).floats(), ys.get(i).floats(), saved.tensors().get(i).name());
            }
            Observation o = obs(rnd);
            assertArrayEquals(x.act(o, ActMode.TRAIN, 11), y.act(o, ActMode.TRAIN, 11), "seed " + rnd.seed());
            assertEquals(x.update(buffer.sample(s.batchSize(), s.transitions(), new Rng(6, 6))),
                    y.update(buffer.sample(s.batchSize(), s.transitions(), new Rng(6, 6))));
        }
        try (Agent wide = agent(config(1, "mlp_dim=48")); Agent narrow = agent(cfg)) {
            var e = assertThrows(IllegalArgumentException.class, () -> narrow.restore(wide.state()));
            assertTrue(e.getMessage().contains("the checkpoint does not match this model"), e.getMessage());
        }
    }

    @Test
    void theDerivedValuesAndTheMultiGammaProbeComeFromTheAgent() {
        TestRandom rnd = new TestRandom();
        try (Agent plain = agent(config(1))) {
            assertEquals(Map.of("discount", "0.975", "iterations", "2"), plain.derivedValues());
            assertTrue(plain.evalProbe().isEmpty(), "no auxiliary heads, no probe");
            assertTrue(plain.parameterCounts().values().stream().allMatch(n -> n > 0), plain.parameterCounts().toString());
        }
        try (Agent heads = agent(config(1, "multi_gamma.enabled=true", "multi_gamma.gammas=[0.975,0.95]"))) {
            var probe = heads.evalProbe().orElseThrow();
            assertEquals("multi_gamma.jsonl", probe.fileName());
            assertEquals(heads.batchShape(), probe.batchShape());
            EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 1);
            Map<String, Object> r = probe.record(buffer.sample(16, 3, new Rng(1, 1)), new Rng(1, 2));
            assertEquals(List.of("tier", "primary_gamma", "gammas", "batch_size", "horizon", "summary", "examples"),
                    List.copyOf(r.keySet()));
        }
    }

    @Test
    void theEvalActorActsForTheRunningEpisodesOnlyAndMovesNoTrainingStream() {
        TestRandom rnd = new TestRandom();
        for (String mpc : List.of("mpc=true", "mpc=false")) {
            try (Agent agent = agent(config(rnd.nextInt(1000), mpc))) {
                String before = agent.state().scalars().toString();
                try (EvalActor actor = agent.evalActor(3, 40, 0).orElseThrow()) {
                    assertEquals(3, actor.episodes());
                    float[][] all = actor.act(new Observation[] {obs(rnd), obs(rnd), obs(rnd)});
                    float[][] two = actor.act(new Observation[] {obs(rnd), null, obs(rnd)});
                    for (float[][] acts : List.of(all, two)) {
                        for (int e = 0; e < 3; e++) {
                            if (acts == two && e == 1) {
                                assertNull(acts[e], "an ended episode gets no action");
                                continue;
                            }
                            assertEquals(PendulumData.ACTION_DIM, acts[e].length, mpc);
                            for (float a : acts[e]) {
                                assertTrue(Float.isFinite(a) && a >= -1 && a <= 1, mpc + ": " + a);
                            }
                        }
                    }
                    var none = assertThrows(IllegalArgumentException.class, () -> actor.act(new Observation[3]));
                    assertTrue(none.getMessage().contains("every episode has ended"), none.getMessage());
                    var wrong = assertThrows(IllegalArgumentException.class, () -> actor.act(new Observation[2]));
                    assertTrue(wrong.getMessage().contains("needs 3 observations"), wrong.getMessage());
                }
                assertEquals(before, agent.state().scalars().toString(), mpc + ": the agent's streams did not move");
            }
        }
    }
}
