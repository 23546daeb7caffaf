package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActInfoSums;
import org.mbrl4j.agent.ActInfoTotals;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.EvalActor;
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
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/**
 * TD-MPC2's act with plan() captured as a CUDA graph and replayed (execution.cuda_graphs) against the
 * same agent acting eagerly, both on whichever backend {@link #cuda()} returns (the host emulator in
 * {@link CapturedPlanEmuTest}, a CUDA device in {@link CapturedPlanGpuTest}): with the same seed and state, acts in both
 * modes, interleaved with updates (the graph reads the parameters the updates move, at their fixed
 * addresses), a warm-start reset and a detailed-logging step give exactly the same actions, planner
 * infos and planner stream counters, and the graph is really replayed. Five Q heads, so the Q pair
 * each bootstrap draws matters. The planner infos the graphs agent sums on device per act mode
 * (docs/planner.md#infos-summed-on-device) give the means of the eager agent's per-act infos within
 * the bound {@code PlannerInfoSums} states. The eager emulated agent's match with the CPU agent is
 * WholeAgentEmuParityTest's.
 */
abstract class CapturedPlanCases {
    /** 2^-24: the unit roundoff of float. */
    private static final double U = 0x1p-24;

    /** The backend under test, opened once per class (FP32 matmuls). */
    protected abstract CudaBackend cuda();

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
        try (Tdmpc2Agent eager = new Tdmpc2Agent(cuda(), spec, false);
                Tdmpc2Agent graphs = new Tdmpc2Agent(cuda(), spec, true)) {
            graphs.restore(eager.state());
            ActInfoSums sums = graphs.actInfoSums().orElseThrow(() -> new AssertionError("captured plans sum infos"));
            assertTrue(eager.actInfoSums().isEmpty(), "eager plans: infos per act");
            Map<ActMode, List<Map<String, Double>>> perAct = new EnumMap<>(ActMode.class);
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
                perAct.computeIfAbsent(mode, m -> new ArrayList<>()).add(eager.lastActInfo().logScalars());
                assertEquals(eager.state().scalars().get("rng.planner"), graphs.state().scalars().get("rng.planner"),
                        "planner stream after act " + step + "; " + where);
            }
            assertTrue(graphs.capturedPlanKernels(ActMode.TRAIN) > 0, "the training plan was captured");
            assertTrue(graphs.capturedPlanKernels(ActMode.EVAL) > 0, "the evaluation plan was captured");
            assertEquals(0, eager.capturedPlanKernels(ActMode.TRAIN), "cuda_graphs=false plans eagerly");
            for (ActMode mode : ActMode.values()) {
                assertSumsWithinBound(perAct.get(mode), sums.drain(mode), 4, mode + "; " + where);
                assertEquals(ActInfoTotals.EMPTY, sums.drain(mode), mode + ": a drain starts the next sum at zero");
            }
        }
    }

    /**
     * Evaluation actors (E episodes side by side, planned eagerly) of an agent with captured plans add
     * every episode's infos to the evaluation sums: their means match the per-act infos of the same actor
     * of an agent without (whose actions are the same) within the bound.
     */
    @Test
    void evalActorInfosAreSummedOnDevice() {
        TestRandom rnd = new TestRandom();
        long seed = rnd.nextInt(1_000_000);
        MbrlConfig cfg = Config.load(Optional.empty(), List.of("seed=" + seed, "enc_dim=32", "mlp_dim=32",
                "latent_dim=16", "num_q=5", "horizon=3", "num_samples=24", "num_elites=4", "iterations=2",
                "planner_num_seed_policy_trajectories=4", "matmul_precision=fp32")).config();
        RunSpec run = RunSpec.derive(cfg.run(), "pendulum", ObsSpec.vector(PendulumData.OBS_DIM),
                PendulumData.ACTION_DIM, 200);
        Tdmpc2Spec spec = Tdmpc2Spec.derive(run, cfg.tdmpc2());
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        String where = "seed " + seed + " (test seed " + rnd.seed() + ")";
        int episodes = 3;
        try (Tdmpc2Agent eager = new Tdmpc2Agent(cuda(), spec, false);
                Tdmpc2Agent graphs = new Tdmpc2Agent(cuda(), spec, true)) {
            graphs.restore(eager.state());
            ActInfoSums sums = graphs.actInfoSums().orElseThrow();
            List<Map<String, Double>> perAct = new ArrayList<>();
            try (EvalActor a = eager.evalActor(episodes, 100, 0).orElseThrow();
                    EvalActor b = graphs.evalActor(episodes, 100, 0).orElseThrow()) {
                for (int step = 0; step < 4; step++) {
                    Observation[] obs = new Observation[episodes];
                    for (int e = 0; e < episodes; e++) {
                        obs[e] = buffer.episode(e % 2).obs().get(step * 3 + e);
                    }
                    float[][] want = a.act(obs);
                    float[][] got = b.act(obs);
                    for (int e = 0; e < episodes; e++) {
                        assertArrayEquals(want[e], got[e], "episode " + e + " step " + step + "; " + where);
                        perAct.add(a.lastActInfo(e).logScalars());
                    }
                }
            }
            assertSumsWithinBound(perAct, sums.drain(ActMode.EVAL), 4, "eval actor; " + where);
            assertEquals(ActInfoTotals.EMPTY, sums.drain(ActMode.TRAIN), "no training acts");
        }
    }

    /**
     * The device sums' means against the per-act means as the trainer forms them (doubles, PlannerLog),
     * with the bound of PlannerInfoSums: (n + 2K + 16)·2u·M, M the largest |elite value| of the key's
     * group (values or disagreements) over the acts, bounded from the infos by |mean| + K·std.
     */
    private static void assertSumsWithinBound(List<Map<String, Double>> acts, ActInfoTotals totals, int k,
            String where) {
        assertEquals(acts.size(), totals.acts(), "acts summed; " + where);
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        double valueScale = 0;
        double disagreementScale = 0;
        for (Map<String, Double> act : acts) {
            act.forEach((key, v) -> {
                sums.merge(key, v, Double::sum);
                counts.merge(key, 1L, Long::sum);
            });
            valueScale = Math.max(valueScale, Math.abs(act.get("planner/value_elite_mean"))
                    + k * act.get("planner/value_elite_std"));
            if (act.containsKey("planner/disagreement_elite_mean")) {
                disagreementScale = Math.max(disagreementScale, Math.abs(act.get("planner/disagreement_elite_mean"))
                        + k * act.get("planner/disagreement_elite_std"));
            }
        }
        assertEquals(List.copyOf(sums.keySet()), List.copyOf(totals.sums().keySet()), "keys in order; " + where);
        assertEquals(counts, totals.counts(), "acts per key; " + where);
        for (String key : sums.keySet()) {
            long n = counts.get(key);
            double want = sums.get(key) / n;
            double got = totals.sums().get(key) / n;
            double scale = key.startsWith("planner/disagreement") ? disagreementScale : valueScale;
            double bound = (n + 2 * k + 16) * 2 * U * Math.max(scale, Double.MIN_NORMAL);
            assertTrue(Math.abs(got - want) <= bound, key + ": device mean " + got + " vs per-act mean " + want
                    + ", |diff| " + Math.abs(got - want) + " > bound " + bound + "; " + where);
        }
    }
}
