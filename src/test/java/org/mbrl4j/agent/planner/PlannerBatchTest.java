package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.tdmpc2.LatentRollout;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.agent.tdmpc2.WorldModel;
import org.mbrl4j.agent.tdmpc2.WorldModelPlanning;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * Planning for E episodes side by side (docs/planner.md#batched-planning) over a tiny TD-MPC2 world model
 * with two dynamics heads, policy seeds and episodic values: E = 1 is plan() exactly, and with E > 1
 * every candidate rolls from its own episode's z0 and every episode keeps its own warm start.
 */
class PlannerBatchTest {
    private static final int A = 2;
    private static final int T = 3;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    private Tdmpc2Spec spec(long seed) {
        return PlannerFixtures.spec(A, seed, "horizon=" + T, "iterations=2", "num_samples=32", "num_elites=8",
                "planner_num_seed_policy_trajectories=4", "planner_num_dynamics_heads=2", "episodic=true",
                "planner_lambda_disagreement=1", "log_detailed_every=1", "planner_head_mode_eval=all");
    }

    private static Planner planner(WorldModel wm, Tdmpc2Spec spec) {
        return PlannerFixtures.mppiPlanner(new WorldModelPlanning(wm, new LatentRollout(wm)), spec);
    }

    private static Tensor encode(Graph g, WorldModel wm, float[] obs, int rows) {
        return wm.encode(new Pass(g, Mode.EVAL, new Rng(0, 0)), g.constant(obs, rows, PlannerFixtures.OBS_DIM));
    }

    @Test
    void oneEpisodeIsPlanExactlyInBothModesAcrossWarmStarts() {
        long seed = rnd.nextLong();
        Tdmpc2Spec spec = spec(seed);
        WorldModel wm = PlannerFixtures.worldModel(be, spec, seed);
        Planner own = planner(wm, spec);
        Planner batch = planner(wm, spec);
        Rng rng = new Rng(own.settings().seed(), Planner.PLANNER_STREAM);
        Tensor prevMeans = be.zeros(1, T, A);
        for (ActMode mode : List.of(ActMode.TRAIN, ActMode.EVAL, ActMode.TRAIN)) {
            float[] obs = rnd.floats(PlannerFixtures.OBS_DIM, -1, 1);
            try (Graph g = new Graph(be)) {
                PlanResult a = own.plan(g, encode(g, wm, obs, 1), mode, 0);
                PlanResult b = batch.planEach(g, encode(g, wm, obs, 1), prevMeans, mode, 0, rng).getFirst();
                assertArrayEquals(a.action(), b.action(), mode + ", seed " + rnd.seed());
                var ia = (PlannerAdvancedInfo) a.info();
                var ib = (PlannerAdvancedInfo) b.info();
                assertArrayEquals(ia.latentsAll(), ib.latentsAll());
                assertArrayEquals(ia.rawScores(), ib.rawScores());
                assertEquals(ia.basic().toString(), ib.basic().toString());
            }
            assertArrayEquals(own.prevMean(), be.toArray(prevMeans), "the warm start after " + mode);
            assertEquals(own.rngCounter(), rng.counter(), "the same draws");
        }
    }

    @Test
    void everyEpisodeRollsFromItsOwnStartAndKeepsItsOwnWarmStart() {
        long seed = rnd.nextLong();
        Tdmpc2Spec spec = spec(seed);
        WorldModel wm = PlannerFixtures.worldModel(be, spec, seed);
        Planner planner = planner(wm, spec);
        int episodes = 3;
        int l = wm.dims().latentDim();
        float[] obs = rnd.floats(episodes * PlannerFixtures.OBS_DIM, -1, 1);
        Tensor prevMeans = be.zeros(episodes, T, A);
        float[] warm = rnd.floats(T * A, -0.5f, 0.5f);
        be.upload(warm, 0, prevMeans.rows(1, 1)); // episode 1 starts warm, 0 and 2 cold
        for (ActMode mode : List.of(ActMode.TRAIN, ActMode.EVAL)) {
            try (Graph g = new Graph(be)) {
                Tensor z0 = encode(g, wm, obs, episodes);
                float[] starts = be.toArray(z0);
                List<PlanResult> results = planner.planEach(g, z0, prevMeans, mode, 0, new Rng(seed, 99));
                assertEquals(episodes, results.size());
                for (int e = 0; e < episodes; e++) {
                    var info = (PlannerAdvancedInfo) results.get(e).info();
                    assertEquals(4 + 32, info.candidates(), "C = S + N per episode");
                    float[] own = Arrays.copyOfRange(starts, e * l, (e + 1) * l);
                    for (int h = 0; h < info.heads(); h++) {
                        for (int c = 0; c < info.candidates(); c++) {
                            int at = ((h * info.candidates() + c) * (T + 1)) * l;
                            assertArrayEquals(own, Arrays.copyOfRange(info.latentsAll(), at, at + l),
                                    mode + ": head " + h + ", candidate " + c + " of episode " + e + " starts at its z0");
                        }
                    }
                    for (float a : results.get(e).action()) {
                        assertTrue(Float.isFinite(a) && a >= -1 && a <= 1, "action " + a);
                    }
                }
                assertFalse(Arrays.equals(((PlannerAdvancedInfo) results.get(0).info()).rawScores(),
                        ((PlannerAdvancedInfo) results.get(2).info()).rawScores()),
                        "episodes with other observations and draws score differently");
            }
        }
        float[] after = be.toArray(prevMeans);
        for (int e = 0; e < episodes; e++) {
            float[] row = Arrays.copyOfRange(after, e * T * A, (e + 1) * T * A);
            assertFalse(Arrays.equals(new float[T * A], row), "episode " + e + "'s warm start was written");
        }
    }

    @Test
    void shapesAreCheckedNamingTheArgument() {
        long seed = rnd.nextLong();
        Tdmpc2Spec spec = spec(seed);
        WorldModel wm = PlannerFixtures.worldModel(be, spec, seed);
        Planner planner = planner(wm, spec);
        try (Graph g = new Graph(be)) {
            Tensor z0 = encode(g, wm, rnd.floats(2 * PlannerFixtures.OBS_DIM, -1, 1), 2);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> planner.planEach(g, z0, be.zeros(3, T, A), ActMode.EVAL, 0, new Rng(1, 2)));
            assertTrue(e.getMessage().contains("prev_means"), e.getMessage());
        }
    }
}
