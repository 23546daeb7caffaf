package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.EmulatedFp32Cuda;
import org.mbrl4j.train.PlanetResumeTest;
import org.mbrl4j.train.TrainEnvs;

/**
 * The whole PlaNet agent on the CUDA kernels (host emulator, fp32 GEMMs) against the CPU backend at a
 * tiny size: two update() calls on the same batches of 64×64 frames give the same metrics and
 * parameters, and one act() then plans alike. The CUDA agent starts from the CPU agent's state, so every
 * difference is the kernels'.
 */
@Tag("emulator")
class PlanetAgentEmuParityTest extends EmulatedFp32Cuda {
    @Test
    void twoUpdatesThenAnActMatchTheCpuBackend() {
        var o = new ArrayList<>(PlanetResumeTest.tiny());
        o.addAll(List.of("seed_steps=100", "matmul_precision=fp32"));
        MbrlConfig cfg = Config.load(Optional.empty(), o).config();
        Env env = TrainEnvs.make(cfg.run());
        RunSpec spec = RunSpec.of(cfg.run(), env.spec());
        EpisodeBuffer buffer = new EpisodeBuffer(spec.obs(), spec.actionDim(), 1000);
        Rng rng = new Rng(3, 9);
        EpisodeBuilder builder = new EpisodeBuilder(spec.obs(), spec.actionDim());
        builder.start(env.reset(0));
        Step s;
        do {
            float[] a = {rng.uniform(-1f, 1f)};
            s = env.step(a);
            builder.add(a, s.reward(), s.terminated(), s.observation());
        } while (!s.done());
        buffer.add(builder.build());
        List<Batch> batches = List.of(buffer.sample(2, 4, rng), buffer.sample(2, 4, rng));
        try (CpuBackend cpu = new CpuBackend(); Agent onCpu = Agents.create(cpu, spec, cfg);
                Agent onCuda = Agents.create(cuda, spec, cfg)) {
            onCuda.restore(onCpu.state());
            for (int i = 0; i < batches.size(); i++) {
                Map<String, Double> a = onCpu.update(batches.get(i));
                Map<String, Double> b = onCuda.update(batches.get(i));
                assertEquals(a.keySet(), b.keySet());
                for (var e : a.entrySet()) {
                    double want = e.getValue();
                    double got = b.get(e.getKey());
                    assertTrue(Math.abs(want - got) <= 1e-4 + 1e-3 * Math.abs(want), "update " + (i + 1) + " "
                            + e.getKey() + ": cpu " + want + ", cuda " + got);
                }
            }
            compare(onCpu.state().tensors(), onCuda.state().tensors());
            Observation obs = env.reset(7);
            onCpu.resetEpisode();
            onCuda.resetEpisode();
            float[] a = onCpu.act(obs, ActMode.EVAL, 0);
            float[] b = onCuda.act(obs, ActMode.EVAL, 0);
            assertEquals(a[0], b[0], 1e-3, "the same plan");
        }
    }

    private static void compare(List<TensorData> want, List<TensorData> got) {
        assertEquals(want.size(), got.size());
        for (int t = 0; t < want.size(); t++) {
            float[] a = want.get(t).floats();
            float[] b = got.get(t).floats();
            assertEquals(want.get(t).name(), got.get(t).name());
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= 1e-4f + 1e-3f * Math.abs(a[i]), want.get(t).name() + "[" + i
                        + "]: cpu " + a[i] + ", cuda " + b[i] + " after two updates");
            }
        }
    }
}
