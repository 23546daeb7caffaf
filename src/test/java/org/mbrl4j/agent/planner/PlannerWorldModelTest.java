package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.tdmpc2.LatentRollout;
import org.mbrl4j.agent.tdmpc2.WorldModel;
import org.mbrl4j.agent.tdmpc2.WorldModelPlanning;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** The planner over a tiny TD-MPC2 world model (the WorldModelPlanning path). */
class PlannerWorldModelTest {
    private static final int A = 2;
    private static final int LATENT = 16;
    private static final int E = 4 + 32;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    private String seed() {
        return "seed=" + rnd.seed();
    }

    private Tdmpc2Spec spec(long seed, String... extra) {
        String[] base = {"horizon=3", "iterations=2", "num_samples=32", "num_elites=8",
            "planner_num_seed_policy_trajectories=4", "planner_num_dynamics_heads=2", "episodic=true",
            "planner_lambda_disagreement=1", "log_detailed_every=1"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return PlannerFixtures.spec(A, seed, all);
    }

    private static Planner planner(WorldModel wm, Tdmpc2Spec spec) {
        return PlannerFixtures.mppiPlanner(new WorldModelPlanning(wm, new LatentRollout(wm)), spec);
    }

    private PlanResult plan(Planner planner, WorldModel wm, float[] obs, ActMode mode, long step) {
        try (Graph g = new Graph(be)) {
            Tensor z0 = wm.encode(new Pass(g, Mode.EVAL, new Rng(0, 0)), g.constant(obs, 1, obs.length)); // (1, L)
            return planner.plan(g, z0, mode, step);
        }
    }

    @Test
    void trainAndEvalPlansHaveTheSpecShapesAndDisagreementOnlyInTraining() {
        long seed = rnd.nextLong();
        for (String headModeEval : new String[] {"single", "all"}) {
            Tdmpc2Spec spec = spec(seed, "planner_head_mode_eval=" + headModeEval);
            WorldModel wm = PlannerFixtures.worldModel(be, spec, seed);
            Planner planner = planner(wm, spec);
            float[] obs = rnd.floats(PlannerFixtures.OBS_DIM, -1, 1);
            PlannerAdvancedInfo train = assertInstanceOf(PlannerAdvancedInfo.class,
                    plan(planner, wm, obs, ActMode.TRAIN, 0).info());
            assertArrayEquals(new int[] {2, E, 4, LATENT}, train.latentsAllShape(), "training rolls all heads");
            assertNotNull(train.disagreementsAll(), seed());
            assertNotNull(train.basic().disagreementChosen(), seed());
            PlanResult eval = plan(planner, wm, obs, ActMode.EVAL, 0);
            PlannerAdvancedInfo info = (PlannerAdvancedInfo) eval.info();
            int heads = headModeEval.equals("all") ? 2 : 1;
            assertArrayEquals(new int[] {heads, E, 4, LATENT}, info.latentsAllShape(), "planner_head_mode_eval="
                    + headModeEval);
            assertNull(info.disagreementsAll(), "no disagreement in evaluation");
            assertNull(info.basic().disagreementChosen());
            for (float a : eval.action()) {
                assertTrue(a >= -1f && a <= 1f && Float.isFinite(a), "action " + a + ", " + seed());
            }
            for (float v : info.valuesAllUnscaled()) {
                assertTrue(Float.isFinite(v), seed());
            }
            assertEquals(info.valuesAllUnscaled()[(int) info.basic().eliteIndices()[0]], info.basic().valueChosen(),
                    0.0, "eval picks the best candidate, " + seed());
        }
    }

    @Test
    void aPlanIsAFunctionOfTheSeedAndTheStream() {
        long seed = rnd.nextLong();
        Tdmpc2Spec spec = spec(seed);
        float[] obs = rnd.floats(PlannerFixtures.OBS_DIM, -1, 1);
        WorldModel wm1 = PlannerFixtures.worldModel(be, spec, seed);
        WorldModel wm2 = PlannerFixtures.worldModel(be, spec, seed);
        PlanResult a = plan(planner(wm1, spec), wm1, obs, ActMode.TRAIN, 0);
        PlanResult b = plan(planner(wm2, spec), wm2, obs, ActMode.TRAIN, 0);
        assertArrayEquals(a.action(), b.action(), seed());
        assertArrayEquals(((PlannerAdvancedInfo) a.info()).rawScores(), ((PlannerAdvancedInfo) b.info()).rawScores(),
                seed());
    }

    @Test
    void repeatedPlansReuseTheGraphArena() {
        long seed = rnd.nextLong();
        Tdmpc2Spec spec = spec(seed, "log_detailed_every=0");
        WorldModel wm = PlannerFixtures.worldModel(be, spec, seed);
        Planner planner = planner(wm, spec);
        float[] obs = rnd.floats(PlannerFixtures.OBS_DIM, -1, 1);
        try (Graph g = new Graph(be)) {
            long blocks = -1;
            for (int call = 0; call < 4; call++) {
                Tensor z0 = wm.encode(new Pass(g, Mode.EVAL, new Rng(0, 0)), g.constant(obs, obs.length));
                int recorded = g.recordedOps();
                planner.plan(g, z0, call % 2 == 0 ? ActMode.TRAIN : ActMode.EVAL, call);
                assertEquals(recorded, g.recordedOps(), "planning records nothing on the tape");
                g.reset();
                if (call == 1) {
                    blocks = g.arena().blocksAllocated();
                } else if (call > 1) {
                    assertEquals(blocks, g.arena().blocksAllocated(), "no new arena blocks after warm-up, " + seed());
                }
            }
        }
    }
}
