package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/** The model loss decreases on a fixed batch; the loss reads all or only the first transitions; no step on NaN. */
class PlanetLiteUpdateTest {

    static MbrlConfig config(String... overrides) {
        var o = new java.util.ArrayList<>(List.of("algorithm=planet-lite", "device=cpu", "seed=3"));
        o.addAll(List.of(overrides));
        return Config.load(Optional.empty(), o).config();
    }

    static PlanetLiteAgent agent(CpuBackend be, MbrlConfig cfg) {
        RunSpec run = RunSpec.derive(cfg.run(), "pendulum", org.mbrl4j.env.ObsSpec.vector(3), 1, 200);
        return new PlanetLiteAgent(be, PlanetLiteSpec.derive(run, cfg.planetLite()));
    }

    /** Two random-action Pendulum-v1 episodes. */
    static EpisodeBuffer pendulumData() {
        var buffer = new EpisodeBuffer(org.mbrl4j.env.ObsSpec.vector(3), 1, 1000);
        var rng = new Rng(9, 9);
        Env env = Envs.make("pendulum");
        {
            for (int e = 0; e < 2; e++) {
                var builder = new EpisodeBuilder(org.mbrl4j.env.ObsSpec.vector(3), 1);
                Observation obs = env.reset(100 + e);
                builder.start(obs);
                Step s;
                do {
                    float[] a = {rng.uniform(-1f, 1f)};
                    s = env.step(a);
                    builder.add(a, s.reward(), s.terminated(), s.observation());
                } while (!s.done());
                buffer.add(builder.build());
            }
        }
        return buffer;
    }

    @Test
    void theLossDecreasesOnAFixedBatch() {
        try (var be = new CpuBackend(); var agent = agent(be, config())) {
            Batch batch = pendulumData().sample(32, 50, new Rng(1, 2));
            double first = agent.update(batch).get(ModelUpdate.LOSS);
            double last = first;
            for (int i = 0; i < 300; i++) {
                last = agent.update(batch).get(ModelUpdate.LOSS);
            }
            assertTrue(last < first / 20, "loss " + first + " -> " + last + " after 300 Adam steps on one batch");
        }
    }

    @Test
    void theMetricsNameTheLossItsPartsAndTheGradNorm() {
        try (var be = new CpuBackend(); var agent = agent(be, config())) {
            Map<String, Double> m = agent.update(pendulumData().sample(4, 10, new Rng(1, 2)));
            assertEquals(List.of("model_loss", "state_loss", "reward_loss", "grad_norm"), List.copyOf(m.keySet()));
            assertEquals(m.get("model_loss"), m.get("state_loss") + m.get("reward_loss"), 1e-4 * m.get("model_loss"));
        }
    }

    @Test
    void theFirstTransitionOptionReadsOnlyEachWindowsFirstTransition() {
        Batch batch = pendulumData().sample(4, 10, new Rng(1, 2));
        TransitionRows all = TransitionRows.of(batch, org.mbrl4j.config.PlanetLiteLossTransitions.ALL);
        TransitionRows first = TransitionRows.of(batch, org.mbrl4j.config.PlanetLiteLossTransitions.FIRST);
        assertEquals(40, all.rows());
        assertEquals(4, first.rows());
        for (int b = 0; b < 4; b++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(batch.obs() instanceof org.mbrl4j.buffer.ObsArray.F32 f ? f.values()[batch.obsOffset(1, b) + i]
                        : Float.NaN, first.nextState()[b * 3 + i], "s' of window " + b);
            }
            assertEquals(batch.reward()[b], first.reward()[b]);
        }
        // the last row of "all" is window 3's last transition: obs T-1 -> obs T
        var f = (org.mbrl4j.buffer.ObsArray.F32) batch.obs();
        assertEquals(f.values()[batch.obsOffset(10, 3) + 2], all.nextState()[39 * 3 + 2]);
        assertEquals(f.values()[batch.obsOffset(9, 3) + 2], all.state()[39 * 3 + 2]);
    }

    @Test
    void aNonFiniteLossTakesNoStepAndIsTheDivergence() {
        try (var be = new CpuBackend(); var agent = agent(be, config())) {
            Batch good = pendulumData().sample(4, 10, new Rng(1, 2));
            agent.update(good);
            var before = agent.state();
            float[] reward = good.reward().clone();
            reward[0] = Float.NaN;
            Batch bad = new Batch(good.length(), good.batchSize(), good.actionDim(), good.obs(), good.action(), reward,
                    good.terminated());
            var e = assertThrows(DivergedException.class, () -> agent.update(bad));
            assertEquals("model_loss", e.divergence().quantity());
            assertEquals(2, e.divergence().update());
            assertTrue(agent.divergence().isPresent());
            var after = agent.state();
            for (int i = 0; i < before.tensors().size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(before.tensors().get(i).floats(),
                        after.tensors().get(i).floats(), before.tensors().get(i).name());
            }
        }
    }
}
