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
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.EmulatedFp32Cuda;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/**
 * The whole TD-MPC2 agent on the CUDA kernels (host emulator, fp32 GEMMs) against the CPU backend, at a
 * small config with two dynamics heads and the disagreement bonus: ten update() calls on the same
 * batches give the same metrics and parameters, and plan() then acts alike in both modes. The two
 * agents start from the same state (the CPU agent's, restored into the CUDA one), so every difference
 * is the kernels'. Tolerances are the kernels' float reassociation grown over ten Adam steps.
 */
@Tag("emulator")
class WholeAgentEmuParityTest extends EmulatedFp32Cuda {
    private static MbrlConfig config(long seed) {
        return Config.load(Optional.empty(), List.of("seed=" + seed, "enc_dim=32", "mlp_dim=32", "latent_dim=16",
                "num_q=2", "batch_size=8", "horizon=3", "num_samples=24", "num_elites=4", "iterations=2",
                "planner_num_seed_policy_trajectories=4", "planner_num_dynamics_heads=2",
                "planner_lambda_disagreement=0.1", "matmul_precision=fp32")).config();
    }

    @Test
    void tenUpdatesThenPlansMatchTheCpuBackend() {
        TestRandom rnd = new TestRandom();
        long seed = rnd.nextInt(1_000_000);
        MbrlConfig cfg = config(seed);
        RunSpec spec = RunSpec.derive(cfg.run(), "pendulum", ObsSpec.vector(PendulumData.OBS_DIM),
                PendulumData.ACTION_DIM, 200);
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 3);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batches.add(buffer.sample(8, 3, sampler));
        }
        try (CpuBackend cpu = new CpuBackend(); Agent onCpu = Agents.create(cpu, spec, cfg);
                Agent onCuda = Agents.create(cuda, spec, cfg)) {
            onCuda.restore(onCpu.state());
            String where = "seed " + seed + " (test seed " + rnd.seed() + ")";
            for (int i = 0; i < batches.size(); i++) {
                Map<String, Double> a = onCpu.update(batches.get(i));
                Map<String, Double> b = onCuda.update(batches.get(i));
                assertEquals(a.keySet(), b.keySet());
                for (var e : a.entrySet()) {
                    double want = e.getValue();
                    double got = b.get(e.getKey());
                    assertTrue(Math.abs(want - got) <= 1e-4 + 1e-3 * Math.abs(want), "update " + (i + 1) + " "
                            + e.getKey() + ": cpu " + want + ", cuda " + got + "; " + where);
                }
            }
            compareParameters(onCpu.state().tensors(), onCuda.state().tensors(), where);
            for (ActMode mode : List.of(ActMode.TRAIN, ActMode.EVAL)) {
                for (int step = 0; step < 3; step++) {
                    Observation obs = buffer.episode(0).obs().get(step * 7);
                    float[] a = onCpu.act(obs, mode, step);
                    float[] b = onCuda.act(obs, mode, step);
                    assertEquals(a.length, b.length);
                    for (int j = 0; j < a.length; j++) {
                        assertEquals(a[j], b[j], 1e-3, mode + " act " + step + " dim " + j + ": the same elite and"
                                + " action; " + where);
                    }
                    var ia = onCpu.lastActInfo().logScalars();
                    var ib = onCuda.lastActInfo().logScalars();
                    assertEquals(ia.get("planner/num_elites"), ib.get("planner/num_elites"));
                    assertEquals(ia.get("planner/value_elite_mean"), ib.get("planner/value_elite_mean"),
                            1e-3 + 1e-3 * Math.abs(ia.get("planner/value_elite_mean")), mode + " " + where);
                }
            }
        }
    }

    private static void compareParameters(List<TensorData> want, List<TensorData> got, String where) {
        assertEquals(want.size(), got.size());
        for (int t = 0; t < want.size(); t++) {
            TensorData w = want.get(t);
            TensorData g = got.get(t);
            assertEquals(w.name(), g.name());
            if (w.floats() == null) {
                continue;
            }
            float[] a = w.floats();
            float[] b = g.floats();
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= 1e-4f + 1e-3f * Math.abs(a[i]), w.name() + "[" + i + "]: cpu "
                        + a[i] + ", cuda " + b[i] + " after ten updates; " + where);
            }
        }
    }
}
