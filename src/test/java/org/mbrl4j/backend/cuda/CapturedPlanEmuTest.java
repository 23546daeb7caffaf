package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Agent;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.EmulatedFp32Cuda;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/**
 * TD-MPC2's act with plan() captured as a CUDA graph and replayed (execution.cuda_graphs) against the
 * same agent acting eagerly, both on the host emulator: with the same seed and state, acts in both
 * modes, interleaved with updates (the graph reads the parameters the updates move, at their fixed
 * addresses), a warm-start reset and a detailed-logging step give exactly the same actions, planner
 * infos and planner stream counters, and the graph is really replayed. Five Q heads, so the Q pair
 * each bootstrap draws matters. The eager emulated agent's match with the CPU agent is
 * WholeAgentEmuParityTest's.
 */
@Tag("emulator")
class CapturedPlanEmuTest extends EmulatedFp32Cuda {
    @Test
    void replayedPlansActExactlyAsEagerPlans() {
        TestRandom rnd = new TestRandom();
        long seed = rnd.nextInt(1_000_000);
        MbrlConfig cfg = Config.load(Optional.empty(), List.of("seed=" + seed, "enc_dim=32", "mlp_dim=32",
                "latent_dim=16", "num_q=5", "batch_size=8", "horizon=3", "num_samples=24", "num_elites=4",
                "iterations=2", "planner_num_seed_policy_trajectories=4", "planner_num_dynamics_heads=2",
                "planner_lambda_disagreement=0.1", "matmul_precision=fp32", "log_detailed_every=7")).config();
        RunSpec run = RunSpec.derive(cfg.run(), "pendulum", ObsSpec.vector(PendulumData.OBS_DIM),
                PendulumData.ACTION_DIM, 200);
        Tdmpc2Spec spec = Tdmpc2Spec.derive(run, cfg.tdmpc2());
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 3);
        String where = "seed " + seed + " (test seed " + rnd.seed() + ")";
        try (Tdmpc2Agent eager = new Tdmpc2Agent(cuda, spec, false);
                Tdmpc2Agent graphs = new Tdmpc2Agent(cuda, spec, true)) {
            graphs.restore(eager.state());
            List<ActMode> modes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                modes.add(i % 3 == 2 ? ActMode.EVAL : ActMode.TRAIN);
            }
            for (int step = 0; step < modes.size(); step++) {
                ActMode mode = modes.get(step);
                if (step == 9) {
                    eager.resetEpisode();
                    graphs.resetEpisode();
                }
                if (step % 5 == 4) {
                    Batch batch = buffer.sample(8, 3, sampler);
                    assertEquals(eager.update(batch), graphs.update(batch), "update before step " + step + "; " + where);
                }
                Observation obs = buffer.episode(step % 2).obs().get(step * 5);
                float[] a = eager.act(obs, mode, step);
                float[] b = graphs.act(obs, mode, step);
                assertArrayEquals(a, b, mode + " act " + step + ": replay vs eager; " + where);
                assertEquals(eager.lastActInfo().logScalars(), graphs.lastActInfo().logScalars(),
                        mode + " act " + step + " planner infos; " + where);
                assertEquals(eager.state().scalars().get("rng.planner"), graphs.state().scalars().get("rng.planner"),
                        "planner stream after act " + step + "; " + where);
            }
            assertTrue(graphs.capturedPlanKernels(ActMode.TRAIN) > 0, "the training plan was captured");
            assertTrue(graphs.capturedPlanKernels(ActMode.EVAL) > 0, "the evaluation plan was captured");
            assertEquals(0, eager.capturedPlanKernels(ActMode.TRAIN), "cuda_graphs=false plans eagerly");
        }
    }
}
