package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.agent.planner.PlannerFixtures.argmax;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.tdmpc2.Tdmpc2PlannerSettings;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.HeadMode;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.config.WarmStart;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** The planner of docs/planner.md#plan-algorithm on the hand-set {@link AnalyticModel}, whose reward peaks at a known sequence. */
class PlannerTest {
    private static final int T = 3;
    private static final int A = 2;
    private static final int L = T + 1;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();
    private final float[][] target = randomTarget();

    private float[][] randomTarget() {
        float[][] t = new float[T][];
        for (int s = 0; s < T; s++) {
            t[s] = rnd.floats(A, -0.7, 0.7);
        }
        return t;
    }

    private String seed() {
        return "seed=" + rnd.seed();
    }

    private Tdmpc2Spec spec(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("horizon=" + T, "iterations=6", "num_samples=128",
                "num_elites=16", "planner_num_seed_policy_trajectories=0"));
        all.addAll(List.of(overrides));
        return PlannerFixtures.spec(A, rnd.nextLong(), all.toArray(String[]::new));
    }

    private static Planner planner(PlanningModel model, Tdmpc2Spec spec) {
        return PlannerFixtures.mppiPlanner(model, spec);
    }

    private AnalyticModel model(int heads) {
        return new AnalyticModel(be, T, A, heads, target);
    }

    private PlanResult plan(Planner planner, ActMode mode, long step) {
        try (Graph g = new Graph(be)) {
            Tensor z0 = g.constant(new float[L], L);
            return planner.plan(g, z0, mode, step);
        }
    }

    @Test
    void convergesToTheRewardPeakAndKeepsItAsTheWarmStart() {
        // Over 40 seeds this setting ends with |prev_mean - a*| <= 0.02 and |action - a*_0| <= 0.045: the
        // chosen action is the best sample, which scatters by about min_std = 0.05 around the mean.
        Planner planner = planner(model(1), spec("iterations=10", "planner_temperature_eval=0.5"));
        PlanResult r = null;
        for (int call = 0; call < 4; call++) {
            r = plan(planner, ActMode.EVAL, call);
        }
        for (int j = 0; j < A; j++) {
            assertEquals(target[0][j], r.action()[j], 0.1, "first action, " + seed());
        }
        float[] mean = planner.prevMean();
        for (int s = 0; s < T; s++) {
            for (int j = 0; j < A; j++) {
                assertEquals(target[s][j], mean[s * A + j], 0.05, "prev_mean[" + s + "][" + j + "], " + seed());
            }
        }
        assertTrue(r.info().basic().valueChosen() > -0.01, "value near the peak 0: " + r.info() + ", " + seed());
    }

    @Test
    void evalReturnsTheArgmaxCandidatesFirstActionDeterministically() {
        Tdmpc2Spec spec = spec("log_detailed_every=1");
        PlanResult a = plan(planner(model(1), spec), ActMode.EVAL, 0);
        PlanResult b = plan(planner(model(1), spec), ActMode.EVAL, 0);
        assertArrayEquals(a.action(), b.action(), "same seed, same plan: " + seed());
        PlannerAdvancedInfo info = assertInstanceOf(PlannerAdvancedInfo.class, a.info());
        int best = argmax(info.rawScores());
        assertEquals(best, info.basic().eliteIndices()[0], "elite 0 is the argmax, " + seed());
        for (int j = 0; j < A; j++) {
            assertEquals(info.action(best, 0, j), a.action()[j], "actions_cat[argmax][0], " + seed());
        }
        assertEquals(info.valuesAllUnscaled()[best], info.basic().valueChosen(), 0.0, seed());
        assertEquals(info.basic().valueEliteMax(), info.basic().valueChosen(), 0.0, seed());
    }

    @Test
    void trainPicksAnEliteDrawnFromTheRng() {
        // A flat temperature makes the elite weights nearly uniform, so the picks must vary.
        Planner planner = planner(model(1), spec("log_detailed_every=1", "planner_temperature_train=1000"));
        Set<Integer> positions = new HashSet<>();
        for (int call = 0; call < 12; call++) {
            planner.resetWarmStart();
            PlanResult r = plan(planner, ActMode.TRAIN, call);
            PlannerAdvancedInfo info = assertInstanceOf(PlannerAdvancedInfo.class, r.info());
            long[] elites = info.basic().eliteIndices();
            int position = -1;
            for (int k = 0; k < elites.length; k++) {
                int e = (int) elites[k];
                if (info.action(e, 0, 0) == r.action()[0] && info.action(e, 0, 1) == r.action()[1]) {
                    position = k;
                    assertEquals(info.valuesAllUnscaled()[e], info.basic().valueChosen(), 0.0, seed());
                }
            }
            assertTrue(position >= 0, "the chosen action is an elite's first action, " + seed());
            positions.add(position);
            double v = info.basic().valueChosen();
            assertTrue(v <= info.basic().valueEliteMax(), seed());
        }
        assertTrue(positions.size() >= 2, "picks " + positions + " never vary, " + seed());
    }

    @Test
    void aPlanIsReproducibleFromTheRngCounterAndTheWarmStart() {
        Planner planner = planner(model(1), spec());
        plan(planner, ActMode.TRAIN, 0);
        long counter = planner.rngCounter();
        float[] mean = planner.prevMean();
        PlanResult first = plan(planner, ActMode.TRAIN, 1);
        float[] meanAfter = planner.prevMean();
        assertTrue(planner.rngCounter() > counter, "planning consumes the planner's stream");
        planner.setRngCounter(counter);
        planner.setPrevMean(mean);
        PlanResult again = plan(planner, ActMode.TRAIN, 1);
        assertArrayEquals(first.action(), again.action(), seed());
        assertArrayEquals(meanAfter, planner.prevMean(), seed());
        assertEquals(first.info().basic().valueChosen(), again.info().basic().valueChosen(), 0.0, seed());
    }

    @Test
    void theWarmStartMeanIsTheInitialMeanAndResetZeroesIt() {
        // With min_std = max_std tiny and one iteration, samples stay at the warm-start mean.
        Planner planner = planner(model(1), spec("iterations=1", "min_std=0.001", "max_std=0.001",
                "planner_warm_start=copy"));
        float[] warm = rnd.floats(T * A, -0.9, 0.9);
        planner.setPrevMean(warm);
        PlanResult r = plan(planner, ActMode.EVAL, 0);
        for (int j = 0; j < A; j++) {
            assertEquals(warm[j], r.action()[j], 0.005, "starts from prev_mean, " + seed());
        }
        float[] kept = planner.prevMean();
        for (int i = 0; i < warm.length; i++) {
            assertEquals(warm[i], kept[i], 0.005, "prev_mean is the final mean, " + seed());
        }
        planner.resetWarmStart();
        assertArrayEquals(new float[T * A], planner.prevMean(), "reset_warm_start zeroes prev_mean");
        PlanResult fresh = plan(planner, ActMode.EVAL, 1);
        for (int j = 0; j < A; j++) {
            assertEquals(0f, fresh.action()[j], 0.005, "starts from zeros after the reset, " + seed());
        }
    }

    @Test
    void theShiftedWarmStartPlansFromTheNextStepOfThePreviousMean() {
        // The reference's warm start: mean[:-1] = prev_mean[1:], mean[-1] = 0.
        Planner planner = planner(model(1), spec("iterations=1", "min_std=0.001", "max_std=0.001",
                "planner_warm_start=shift"));
        float[] warm = rnd.floats(T * A, -0.9, 0.9);
        planner.setPrevMean(warm);
        PlanResult r = plan(planner, ActMode.EVAL, 0);
        for (int j = 0; j < A; j++) {
            assertEquals(warm[A + j], r.action()[j], 0.005, "the first action is prev_mean[1], " + seed());
        }
        float[] kept = planner.prevMean();
        for (int i = 0; i < (T - 1) * A; i++) {
            assertEquals(warm[A + i], kept[i], 0.005, "prev_mean[t] = old prev_mean[t + 1], " + seed());
        }
        for (int i = (T - 1) * A; i < T * A; i++) {
            assertEquals(0f, kept[i], 0.005, "the last step starts at 0, " + seed());
        }
    }

    @Test
    void prevMeanIsTheSoftmaxWeightedEliteMeanOfTheFinalIteration() {
        float temp = (float) rnd.uniform(0.2, 2);
        Planner planner = planner(model(1), spec("log_detailed_every=1", "planner_temperature_train=" + temp));
        PlannerAdvancedInfo info = (PlannerAdvancedInfo) plan(planner, ActMode.TRAIN, 0).info();
        long[] elites = info.basic().eliteIndices();
        double[] w = new double[elites.length];
        double max = info.rawScores()[(int) elites[0]];
        double sum = 0;
        for (int k = 0; k < elites.length; k++) {
            w[k] = Math.exp((info.rawScores()[(int) elites[k]] - max) / temp);
            sum += w[k];
        }
        float[] mean = planner.prevMean();
        for (int s = 0; s < T; s++) {
            for (int j = 0; j < A; j++) {
                double m = 0;
                for (int k = 0; k < elites.length; k++) {
                    m += w[k] / sum * info.action((int) elites[k], s, j);
                }
                assertEquals(m, mean[s * A + j], 1e-5, "mean[" + s + "][" + j + "], " + seed());
            }
        }
    }

    @Test
    void basicInfoIsConsistentWithTheCandidates() {
        int k = 16;
        Planner planner = planner(model(1), spec("log_detailed_every=1"));
        for (ActMode mode : ActMode.values()) {
            PlannerAdvancedInfo info = (PlannerAdvancedInfo) plan(planner, mode, 0).info();
            PlannerBasicInfo b = info.basic();
            assertEquals(k, b.numElites(), seed());
            long[] elites = b.eliteIndices();
            assertEquals(k, elites.length);
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                assertTrue(elites[i] >= 0 && elites[i] < 128, "elite index " + elites[i]);
                if (i > 0) {
                    assertTrue(info.rawScores()[(int) elites[i - 1]] >= info.rawScores()[(int) elites[i]],
                            "elites by descending score, " + seed());
                }
                sum += info.valuesAllUnscaled()[(int) elites[i]];
                max = Math.max(max, info.valuesAllUnscaled()[(int) elites[i]]);
            }
            assertEquals(k, java.util.Arrays.stream(elites).distinct().count(), "distinct elites, " + seed());
            assertEquals(sum / k, b.valueEliteMean(), 1e-5, seed());
            assertEquals(max, b.valueEliteMax(), 0.0, seed());
            assertTrue(b.valueEliteMax() >= b.valueEliteMean() && b.valueEliteStd() >= 0, b + ", " + seed());
            assertNull(b.disagreementChosen(), "one head: no disagreement");
            assertNull(info.disagreementsAll());
            assertArrayEquals(info.valuesAllUnscaled(), info.valuesAllScaled(), "scaling disabled");
        }
    }

    @Test
    void advancedInfoAppearsExactlyOnDetailedStepsWithTheSpecShapes() {
        Planner planner = planner(model(2), spec("log_detailed_every=3", "planner_num_dynamics_heads=2",
                "planner_num_seed_policy_trajectories=4", "planner_lambda_disagreement=0.5"));
        for (long step = 0; step < 7; step++) {
            PlannerInfo info = plan(planner, ActMode.TRAIN, step).info();
            assertEquals(step % 3 == 0, info instanceof PlannerAdvancedInfo, "step " + step);
            if (info instanceof PlannerAdvancedInfo adv) {
                int e = 4 + 128;
                assertArrayEquals(new int[] {e, T, A}, adv.actionsAllShape());
                assertArrayEquals(new int[] {2, e, T + 1, L}, adv.latentsAllShape());
                assertEquals(e * T * A, adv.actionsAll().length);
                assertEquals(2 * e * (T + 1) * L, adv.latentsAll().length);
                assertEquals(e, adv.valuesAllUnscaled().length);
                assertEquals(e, adv.rawScores().length);
                assertNotNull(adv.disagreementsAll(), "training with D=2 computes disagreement");
                for (int i = 0; i < e; i++) {
                    assertEquals(adv.valuesAllScaled()[i] + 0.5f * adv.disagreementsAll()[i], adv.rawScores()[i],
                            1e-5, "score = value + lambda * disagreement, " + seed());
                }
            }
        }
        Planner quiet = planner(model(1), spec("log_detailed_every=0"));
        assertFalse(plan(quiet, ActMode.TRAIN, 0).info() instanceof PlannerAdvancedInfo, "0 disables detailed infos");
    }

    @Test
    void policySeedsAreCandidatesFrozenAcrossIterations() {
        AnalyticModel m = model(1);
        m.policyActions = target; // the policy knows the optimum: a seed scores the maximum 0
        Planner planner = planner(m, spec("planner_num_seed_policy_trajectories=4", "log_detailed_every=1"));
        PlanResult r = plan(planner, ActMode.EVAL, 0);
        assertEquals(1, m.policyCalls, "policy seeds roll out once per plan");
        PlannerAdvancedInfo info = (PlannerAdvancedInfo) r.info();
        assertTrue(info.basic().eliteIndices()[0] < 4, "a seed is the best candidate, " + seed());
        assertArrayEquals(target[0], r.action(), seed());
        for (int e = 0; e < 4; e++) {
            for (int s = 0; s < T; s++) {
                for (int j = 0; j < A; j++) {
                    assertEquals(target[s][j], info.action(e, s, j), "seeds come first in actions_cat");
                }
            }
        }
    }

    @Test
    void disagreementBonusPullsTrainingPlansTowardDisagreeingActions() {
        // Heads differ by h * a_{T-1}[0] in the final latent: the bonus rewards |a_{T-1}[0]| -> 1.
        // With D = 2 the disagreement is a_{T-1}[0]² / (4 L), so lambda = 100 adds 6.25 a², which outweighs
        // the reward's −(a − a*)² everywhere but at a = ±1.
        String[] keys = {"planner_num_dynamics_heads=2", "planner_lambda_disagreement=100", "iterations=10"};
        Planner train = planner(model(2), spec(keys));
        Planner eval = planner(model(2), spec(keys));
        PlanResult t = null;
        for (int call = 0; call < 3; call++) {
            t = plan(train, ActMode.TRAIN, call);
            plan(eval, ActMode.EVAL, call);
        }
        int last = (T - 1) * A;
        assertTrue(Math.abs(train.prevMean()[last]) > 0.9, "train mean " + train.prevMean()[last] + ", " + seed());
        assertEquals(target[T - 1][0], eval.prevMean()[last], 0.1, "eval ignores disagreement, " + seed());
        PlannerBasicInfo b = t.info().basic();
        assertNotNull(b.disagreementChosen(), seed());
        assertTrue(b.disagreementEliteMax() >= b.disagreementEliteMean(), seed());
        assertEquals(9, b.logScalars().size());
    }

    @Test
    void logScalarsUseTheSpecKeys() {
        PlannerBasicInfo plain =
                new PlannerBasicInfo(1.5, null, 1.0, 0.25, 2.0, null, null, null, 2, new long[] {3, 1});
        assertEquals(List.of("planner/value_chosen", "planner/value_elite_mean", "planner/value_elite_std",
                "planner/value_elite_max", "planner/num_elites"), List.copyOf(plain.logScalars().keySet()));
        assertEquals(1.5, plain.logScalars().get(PlannerLogKeys.VALUE_CHOSEN));
        assertEquals(2.0, plain.logScalars().get(PlannerLogKeys.NUM_ELITES));
        PlannerBasicInfo dis = new PlannerBasicInfo(1.5, 0.1, 1.0, 0.25, 2.0, 0.2, 0.05, 0.3, 2, new long[] {3, 1});
        assertEquals(List.of("planner/value_chosen", "planner/disagreement_chosen", "planner/value_elite_mean",
                "planner/value_elite_std", "planner/value_elite_max", "planner/disagreement_elite_mean",
                "planner/disagreement_elite_std", "planner/disagreement_elite_max", "planner/num_elites"),
                List.copyOf(dis.logScalars().keySet()));
        assertEquals(0.3, dis.logScalars().get(PlannerLogKeys.DISAGREEMENT_ELITE_MAX));
        assertThrows(IllegalArgumentException.class,
                () -> new PlannerBasicInfo(1, 0.1, 1, 0, 1, null, null, null, 1, new long[] {0}));
    }

    @Test
    void tdmpc2SettingsMapEveryPlannerKey() {
        Tdmpc2Spec spec = spec("num_samples=96", "num_elites=12", "planner_num_seed_policy_trajectories=5", "min_std=0.07",
                "max_std=1.5", "planner_warm_start=copy", "log_detailed_every=7", "planner_temperature_train=1.25",
                "planner_temperature_eval=0.75", "planner_lambda_disagreement=0.3", "planner_head_mode_eval=all",
                "planner_num_dynamics_heads=2");
        var s = Tdmpc2PlannerSettings.of(spec);
        assertEquals(new PlannerSettings(T, A, spec.iterations(), 96, 12, 0.07f, 1.5f, WarmStart.COPY, 7,
                spec.seed()), s.core());
        assertEquals(new MppiSettings(5, 1.25f, 0.75f, 0.3f, HeadMode.ALL, 2, spec.discount()), s.mppi());
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        Planner planner = planner(model(1), spec());
        try (Graph g = new Graph(be)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> planner.plan(g, g.constant(new float[2 * L], 2, L), ActMode.EVAL, 0));
            assertTrue(e.getMessage().contains("z0"), e.getMessage());
        }
        var heads = assertThrows(IllegalArgumentException.class,
                () -> planner(model(2), spec("planner_num_dynamics_heads=3")));
        assertTrue(heads.getMessage().contains("planner_num_dynamics_heads=3"), heads.getMessage());
        // K = 6 elites out of S + N = 1 seed + 4 samples
        PlannerSettings s = new PlannerSettings(T, A, 2, 4, 6, 0.05f, 2f, WarmStart.SHIFT, 0, 1);
        MppiSettings mppi = new MppiSettings(1, 1f, 1f, 0f, HeadMode.SINGLE, 1, 0.9);
        var elites = assertThrows(IllegalArgumentException.class, () -> new Planner(s, new MppiScorer(model(1), mppi)));
        assertTrue(elites.getMessage().contains("num_elites=6") && elites.getMessage().contains("[1, 5]"),
                elites.getMessage());
        var std = assertThrows(IllegalArgumentException.class,
                () -> new PlannerSettings(T, A, 2, 4, 2, 0.5f, 0.1f, WarmStart.SHIFT, 0, 1));
        assertTrue(std.getMessage().contains("min_std=0.5"), std.getMessage());
    }
}
