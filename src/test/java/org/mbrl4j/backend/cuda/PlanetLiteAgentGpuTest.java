package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.planetlite.PlanetLiteAgent;
import org.mbrl4j.agent.planetlite.PlanetLiteSpec;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/**
 * PlaNet-lite on a real GPU: the agent constructs on the CUDA backend through the same ops as on the
 * CPU, plans at the notebook's sizes and learns; its first updates' losses agree with the CPU agent's
 * (fp32 GEMMs, so to a float tolerance, not bit for bit). Needs a CUDA device and fails without one.
 */
@Tag("gpu")
class PlanetLiteAgentGpuTest {

    @Test
    void plansAndLearnsOnCudaAsOnTheCpu() {
        MbrlConfig cfg = Config.load(Optional.empty(), List.of("algorithm=planet-lite", "seed=2")).config();
        Env env = Envs.make("pendulum");
        RunSpec run = RunSpec.of(cfg.run(), env.spec());
        EpisodeBuffer data = randomEpisodes(env);
        try (CudaBackend cuda = new CudaBackend(MatmulPrecision.FP32, GemmChoice.KERNELS);
                CpuBackend cpu = new CpuBackend();
                PlanetLiteAgent onGpu = agent(cuda, run, cfg);
                PlanetLiteAgent onCpu = agent(cpu, run, cfg)) {
            Observation obs = env.reset(5);
            float[] a = onGpu.act(obs, ActMode.TRAIN, 0);
            assertEquals(1, a.length);
            assertTrue(a[0] >= -1 && a[0] <= 1, "action " + a[0]);
            for (int i = 0; i < 5; i++) {
                Batch b = data.sample(32, 50, new Rng(3, i));
                Map<String, Double> g = onGpu.update(b);
                Map<String, Double> c = onCpu.update(b);
                assertEquals(c.get("model_loss"), g.get("model_loss"), 1e-3 * Math.abs(c.get("model_loss")),
                        "update " + i);
            }
        }
    }

    private static PlanetLiteAgent agent(Backend be, RunSpec run, MbrlConfig cfg) {
        return new PlanetLiteAgent(be, PlanetLiteSpec.derive(run, cfg.planetLite()));
    }

    private static EpisodeBuffer randomEpisodes(Env env) {
        var buffer = new EpisodeBuffer(env.spec().observation(), 1, 10_000);
        var rng = new Rng(1, 1);
        for (int e = 0; e < 3; e++) {
            var builder = new EpisodeBuilder(env.spec().observation(), 1);
            builder.start(env.reset(e));
            Step s;
            do {
                float[] act = {rng.uniform(-1f, 1f)};
                s = env.step(act);
                builder.add(act, s.reward(), s.terminated(), s.observation());
            } while (!s.done());
            buffer.add(builder.build());
        }
        return buffer;
    }
}
