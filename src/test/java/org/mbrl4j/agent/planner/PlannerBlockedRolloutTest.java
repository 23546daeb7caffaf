package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * The CPU's blocked rollout ({@link BlockedRolloutScoring}, forced with {@code -Dmbrl.cpu.rowBlock}) plans
 * exactly what the one-batch rollout plans: actions, infos and every final-iteration array, bit for bit,
 * for fresh random TD-MPC2 models, in training and evaluation, one and several episodes, and blocks of 1
 * row, of sizes that do not divide the candidates, and of all of them.
 */
class PlannerBlockedRolloutTest {
    private static final String PROPERTY = "mbrl.cpu.rowBlock";
    /** C = 5 seeds + 40 samples = 45: 1, 7 (7 blocks of 6-7), 16 (3 of 15), 44 (2 of 22-23), 45 (one). */
    private static final int[] BLOCKS = {1, 7, 16, 44, 45};
    private static final int A = 3;
    private static final int STEPS = 3;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @Test
    void blockedPlansEqualOneBatchPlansBitForBit() {
        for (String[] variant : List.of(
                new String[] {"planner_num_dynamics_heads=3", "episodic=true", "planner_head_mode_eval=all"},
                new String[] {"planner_num_dynamics_heads=1", "episodic=false"},
                new String[] {"planner_num_dynamics_heads=2", "episodic=false", "mlp_dim=300", "latent_dim=264",
                    "simnorm_dim=8"})) {
            long seed = rnd.nextLong();
            List<PlanResult> want = plans(seed, "off", variant);
            for (int block : BLOCKS) {
                List<PlanResult> got = plans(seed, Integer.toString(block), variant);
                String where = "block=" + block + " " + String.join(" ", variant) + " seed=" + rnd.seed();
                assertEquals(want.size(), got.size(), where);
                for (int i = 0; i < want.size(); i++) {
                    assertSamePlan(want.get(i), got.get(i), where + " plan " + i);
                }
            }
        }
    }

    @Test
    void blocksSplitTheSampledCandidatesEvenlyAndTheFixedOnesJoinTheFirst() {
        assertArrayEquals(new int[] {0, 11, 18, 25, 32, 39, 46, 53}, CandidateBlocks.bounds(5, 48, 7, 5));
        assertArrayEquals(new int[] {0, 10, 15, 20, 25, 30, 35, 40, 45}, CandidateBlocks.bounds(5, 40, 1, 5),
                "blocks are raised to the fewest exact rows");
        assertArrayEquals(new int[] {0, 44}, CandidateBlocks.bounds(0, 44, 44, 5));
        assertArrayEquals(new int[] {0, 7}, CandidateBlocks.bounds(3, 4, 1, 5), "fewer samples than the minimum: one block");
        int[] b = CandidateBlocks.bounds(24, 512, 100, 5);
        assertEquals(6, b.length - 1, "ceil(512 / 100) blocks");
        for (int j = 1; j + 1 < b.length; j++) {
            int len = b[j + 1] - b[j];
            assertTrue(len == 85 || len == 86, "near-equal sampled chunks, got " + len);
        }
        assertEquals(24 + 85, b[1], "the fixed candidates join the first block");
    }

    @Test
    void theForcedBlockSplitsEachIterationsRolloutIntoThatManyRollouts() {
        long seed = rnd.nextLong();
        int[] calls = new int[1];
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, "16");
        try {
            Tdmpc2Spec spec = PlannerFixtures.spec(A, seed, "horizon=3", "iterations=2", "num_samples=40",
                    "num_elites=8", "planner_num_seed_policy_trajectories=5");
            WorldModel wm = PlannerFixtures.worldModel(be, spec, seed);
            PlanningModel counting = new CountingRollouts(new WorldModelPlanning(wm, new LatentRollout(wm)), calls);
            Planner planner = PlannerFixtures.mppiPlanner(counting, spec);
            try (Graph g = new Graph(be)) {
                Tensor z0 = wm.encode(new Pass(g, Mode.EVAL, new Rng(0, 0)), g.constant(new float[PlannerFixtures.OBS_DIM],
                        1, PlannerFixtures.OBS_DIM));
                planner.plan(g, z0, ActMode.TRAIN, 1);
            }
        } finally {
            restore(before);
        }
        assertEquals(2 * 3, calls[0], "40 samples in blocks of 16: 3 rollouts per iteration, 2 iterations");
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    /** Train and eval plans of one episode and of two side by side, over a fresh model of {@code seed}. */
    private List<PlanResult> plans(long seed, String block, String... variant) {
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, block);
        try {
            String[] base = {"horizon=3", "iterations=2", "num_samples=40", "num_elites=8",
                "planner_num_seed_policy_trajectories=5", "planner_lambda_disagreement=1", "log_detailed_every=2"};
            String[] all = java.util.Arrays.copyOf(base, base.length + variant.length);
            System.arraycopy(variant, 0, all, base.length, variant.length);
            Tdmpc2Spec spec = PlannerFixtures.spec(A, seed, all);
            WorldModel wm = PlannerFixtures.worldModel(be, spec, seed);
            Planner planner = PlannerFixtures.mppiPlanner(new WorldModelPlanning(wm, new LatentRollout(wm)), spec);
            TestRandom obsRandom = new TestRandom(seed);
            List<PlanResult> out = new ArrayList<>();
            try (Graph g = new Graph(be)) {
                for (int step = 0; step < STEPS; step++) {
                    for (ActMode mode : ActMode.values()) {
                        float[] obs = obsRandom.floats(2 * PlannerFixtures.OBS_DIM, -1, 1);
                        Tensor z0 = wm.encode(new Pass(g, Mode.EVAL, new Rng(0, 0)), g.constant(obs, 2,
                                PlannerFixtures.OBS_DIM));
                        out.add(planner.plan(g, z0.rows(0, 1), mode, step));
                        planner.settleInfos();
                        Tensor prevMeans = be.zeros(2, spec.config().planner().horizon(), A);
                        out.addAll(planner.planEach(g, z0, prevMeans, mode, step, new Rng(seed, 5)));
                        planner.settleInfos();
                        g.reset();
                    }
                }
            }
            return out;
        } finally {
            restore(before);
        }
    }

    private static void assertSamePlan(PlanResult want, PlanResult got, String where) {
        if (want.info() instanceof PlannerAdvancedInfo w) {
            PlannerAdvancedInfo g = assertInstanceOf(PlannerAdvancedInfo.class, got.info(), where);
            assertArrayEquals(w.actionsAll(), g.actionsAll(), where + ": actions_all");
            assertArrayEquals(w.latentsAll(), g.latentsAll(), where + ": latents_all");
            assertArrayEquals(w.valuesAllUnscaled(), g.valuesAllUnscaled(), where + ": values_all_unscaled");
            assertArrayEquals(w.valuesAllScaled(), g.valuesAllScaled(), where + ": values_all_scaled");
            assertArrayEquals(w.rawScores(), g.rawScores(), where + ": raw_scores");
            if (w.disagreementsAll() == null) {
                assertNull(g.disagreementsAll(), where);
            } else {
                assertArrayEquals(w.disagreementsAll(), g.disagreementsAll(), where + ": disagreements_all");
            }
            assertSameBasic(w.basic(), g.basic(), where);
        } else {
            assertSameBasic((PlannerBasicInfo) want.info().basic(), got.info().basic(), where);
        }
        assertArrayEquals(want.action(), got.action(), where + ": action");
    }

    private static void assertSameBasic(PlannerBasicInfo w, PlannerBasicInfo g, String where) {
        assertEquals(w.valueChosen(), g.valueChosen(), where + ": value_chosen");
        assertEquals(w.disagreementChosen(), g.disagreementChosen(), where + ": disagreement_chosen");
        assertEquals(w.valueEliteMean(), g.valueEliteMean(), where + ": value_elite_mean");
        assertEquals(w.valueEliteStd(), g.valueEliteStd(), where + ": value_elite_std");
        assertEquals(w.valueEliteMax(), g.valueEliteMax(), where + ": value_elite_max");
        assertEquals(w.disagreementEliteMean(), g.disagreementEliteMean(), where);
        assertEquals(w.disagreementEliteStd(), g.disagreementEliteStd(), where);
        assertEquals(w.disagreementEliteMax(), g.disagreementEliteMax(), where);
        assertArrayEquals(w.eliteIndices(), g.eliteIndices(), where + ": elite_indices");
        assertTrue(w.numElites() == g.numElites(), where);
    }
}
