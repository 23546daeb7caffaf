package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/** EMA targets of the encoder and the policy (docs/training-features.md#ema-targets). */
class EmaTargetsTest {
    private static final float ENCODER_TAU = 0.1f;
    private static final float POLICY_TAU = 0.25f;

    @Test
    void theTargetsStartAtTheOnlineModulesAndFollowThePolyakFormulaAfterEachUpdate() {
        TestRandom rnd = new TestRandom();
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 2);
        try (var agent = agent(rnd)) {
            Map<String, TensorData> start = byName(agent.state());
            start.keySet().stream().filter(n -> n.startsWith("ema.")).forEach(n -> assertArrayEquals(
                    start.get("model." + n.substring(4)).floats(), start.get(n).floats(), n + " starts at the online"));
            assertEquals(start.keySet().stream().filter(n -> n.startsWith("model.encoder.") || n.startsWith("model.pi."))
                    .count(), start.keySet().stream().filter(n -> n.startsWith("ema.")).count());
            for (int u = 0; u < 3; u++) {
                Map<String, TensorData> before = byName(agent.state());
                agent.update(buffer.sample(16, 3, sampler));
                Map<String, TensorData> after = byName(agent.state());
                for (String n : after.keySet()) {
                    if (!n.startsWith("ema.")) {
                        continue;
                    }
                    float tau = n.startsWith("ema.pi.") ? POLICY_TAU : ENCODER_TAU;
                    float[] was = before.get(n).floats();
                    float[] online = after.get("model." + n.substring(4)).floats();
                    float[] expected = new float[was.length];
                    for (int i = 0; i < was.length; i++) {
                        expected[i] = was[i] + tau * (online[i] - was[i]);
                    }
                    assertArrayEquals(expected, after.get(n).floats(), n + " after update " + (u + 1));
                }
            }
        }
    }

    @Test
    void theTdTargetTakesTheTargetPolicyAndTheTargetEncoderEncodesTheNextObservations() {
        TestRandom rnd = new TestRandom();
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 2);
        try (var agent = agent(rnd); var g = new Graph(agent.model().backend())) {
            for (int u = 0; u < 3; u++) {
                agent.update(buffer.sample(16, 3, sampler));
            }
            WorldModel model = agent.model();
            EmaTargets ema = agent.updater().ema();
            Batch batch = buffer.sample(16, 3, sampler);
            Pass eval = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor next = g.constant(Arrays.copyOfRange(((org.mbrl4j.buffer.ObsArray.F32) batch.obs()).values(),
                    16 * 3, 4 * 16 * 3), 3, 16, 3);
            Tensor reward = g.constant(batch.reward(), 3, 16);
            Tensor terminated = g.constant(batch.terminated(), 3, 16);
            try (var s = g.noGrad()) {
                float[] targetZ = model.backend().toArray(ema.encode(eval, next));
                Tensor z = model.encode(eval, next);
                float[] onlineZ = model.backend().toArray(z);
                float[] withEma = td(g, model, ema, z, reward, terminated);
                float[] online = td(g, model, null, z, reward, terminated);
                // the online model with the EMA copies in place of its encoder and policy gives the same values
                Map<String, float[]> saved = swapIn(model, ema);
                assertArrayEquals(targetZ, model.backend().toArray(model.encode(eval, next)));
                assertArrayEquals(withEma, td(g, model, null, z, reward, terminated));
                swapBack(model, saved);
                assertFalse(Arrays.equals(targetZ, onlineZ), "the copies have moved away from the online modules");
                assertFalse(Arrays.equals(withEma, online));
            }
        }
    }

    @Test
    void theTargetsAreSavedAndRestoredAndAbsentWhenOff() {
        TestRandom rnd = new TestRandom();
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 1);
        try (var a = agent(rnd); var b = agent(rnd)) {
            a.update(buffer.sample(16, 3, new Rng(3, 2)));
            b.restore(a.state());
            AgentState sa = a.state();
            AgentState sb = b.state();
            for (int i = 0; i < sa.tensors().size(); i++) {
                assertArrayEquals(sa.tensors().get(i).floats(), sb.tensors().get(i).floats(), sa.tensors().get(i).name());
            }
        }
        MbrlConfig off = Tdmpc2UpdateTest.tinyConfig("seed=3");
        try (var plain = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(off, "pendulum", 3, 1, 200))) {
            assertNull(plain.updater().ema());
            assertFalse(plain.state().tensors().stream().anyMatch(t -> t.name().startsWith("ema.")));
        }
    }

    private static float[] td(Graph g, WorldModel model, EmaTargets ema, Tensor nextZ, Tensor reward, Tensor term) {
        Rng rng = new Rng(5, 9);
        return model.backend().toArray(TdTargets.compute(new Pass(g, Mode.EVAL, rng), model, ema, 0.97f, rng, nextZ,
                reward, term, g.constant(new float[] {1f}, 1)).td());
    }

    private static Map<String, float[]> swapIn(WorldModel model, EmaTargets ema) {
        Backend be = model.backend();
        Map<String, float[]> saved = new java.util.HashMap<>();
        ema.params().forEach((n, t) -> {
            saved.put(n, be.toArray(model.params().get(n)));
            be.upload(be.toArray(t), 0, model.params().get(n));
        });
        return saved;
    }

    private static void swapBack(WorldModel model, Map<String, float[]> saved) {
        saved.forEach((n, v) -> model.backend().upload(v, 0, model.params().get(n)));
    }

    private static Tdmpc2Agent agent(TestRandom rnd) {
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + (rnd.seed() % 1000), "ema_encoder_tau=" + ENCODER_TAU,
                "ema_policy_tau=" + POLICY_TAU);
        return new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200));
    }

    private static Map<String, TensorData> byName(AgentState s) {
        return s.tensors().stream().collect(Collectors.toMap(TensorData::name, Function.identity()));
    }
}
