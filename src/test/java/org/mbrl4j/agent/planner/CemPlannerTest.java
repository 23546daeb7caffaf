package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.agent.planner.PlannerFixtures.argmax;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.WarmStart;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The plain CEM ({@link CemScorer}) on the hand-set {@link AnalyticModel}, whose summed reward
 * −Σ_t |a_t − a*_t|² peaks at a known sequence. Its settings need no TD-MPC2 config.
 */
class CemPlannerTest {
    private static final int T = 3;
    private static final int A = 2;
    private static final int L = T + 1;
    private static final int SAMPLES = 128;
    private static final int ELITES = 16;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();
    private final float[][] target = randomTarget();
    private final AnalyticModel model = new AnalyticModel(be, T, A, 1, target);

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

    private Planner cem(int iterations, int logDetailedEvery) {
        var settings = new PlannerSettings(T, A, iterations, SAMPLES, ELITES, 0.05f, 1f, WarmStart.SHIFT,
                logDetailedEvery, rnd.nextLong());
        return new Planner(settings, new CemScorer(model));
    }

    private PlanResult plan(Planner planner, ActMode mode, long step) {
        try (Graph g = new Graph(be)) {
            return planner.plan(g, g.constant(new float[L], L), mode, step);
        }
    }

    @Test
    void convergesToTheRewardPeakWithoutValueFunctionOrPolicy() {
        // 128 candidates, 16 elites, 12 iterations: the elites' spread shrinks to min_std = 0.05, so the
        // mean of 16 elites sits within about 0.05 / 4 of the peak.
        Planner planner = cem(12, 0);
        for (ActMode mode : ActMode.values()) {
            planner.resetWarmStart();
            PlanResult r = plan(planner, mode, 0);
            float[] mean = planner.prevMean();
            for (int s = 0; s < T; s++) {
                for (int j = 0; j < A; j++) {
                    assertEquals(target[s][j], mean[s * A + j], 0.05, mode + " mean[" + s + "][" + j + "], " + seed());
                }
            }
            assertArrayEquals(Arrays.copyOf(mean, A), r.action(), mode + ": acts with the mean's first action");
            assertTrue(r.info().basic().valueChosen() > -0.05, "near the peak 0: " + r.info() + ", " + seed());
        }
        assertEquals(0, model.valueCalls, "the CEM never calls a value function");
        assertEquals(0, model.policyCalls, "the CEM has no policy seeds");
    }

    @Test
    void theFinalMeanIsThePlainAverageOfTheElites() {
        Planner planner = cem(1, 1);
        PlannerAdvancedInfo info = assertInstanceOf(PlannerAdvancedInfo.class, plan(planner, ActMode.TRAIN, 0).info());
        long[] elites = info.basic().eliteIndices();
        assertEquals(ELITES, elites.length);
        float[] mean = planner.prevMean();
        for (int s = 0; s < T; s++) {
            for (int j = 0; j < A; j++) {
                double m = 0;
                for (long e : elites) {
                    m += info.action((int) e, s, j);
                }
                assertEquals(m / ELITES, mean[s * A + j], 1e-6, "uniform elite weights, mean[" + s + "][" + j + "], "
                        + seed());
            }
        }
    }

    @Test
    void scoresAreTheSumsOfPredictedRewards() {
        PlanResult r = plan(cem(2, 1), ActMode.TRAIN, 0);
        PlannerAdvancedInfo info = assertInstanceOf(PlannerAdvancedInfo.class, r.info());
        assertEquals(SAMPLES, info.candidates(), "no policy seeds: C = N");
        assertEquals(1, info.heads());
        for (int e = 0; e < SAMPLES; e++) {
            double sum = 0;
            for (int s = 0; s < T; s++) {
                for (int j = 0; j < A; j++) {
                    double d = info.action(e, s, j) - target[s][j];
                    sum -= d * d;
                }
            }
            assertEquals(sum, info.rawScores()[e], 1e-5, "R = Σ_t r_t, candidate " + e + ", " + seed());
            assertEquals(info.rawScores()[e], info.valuesAllUnscaled()[e], 0.0, "the score is the value");
        }
        assertNull(info.disagreementsAll(), "no disagreement");
        assertNull(info.basic().disagreementChosen());
        assertEquals(info.basic().valueEliteMax(), info.basic().valueChosen(), 0.0, "reports the best elite");
    }

    @Test
    void uniformRefitWeighsEveryEliteOneOverK() {
        int e = rnd.nextInt(2, 60);
        int k = rnd.nextInt(1, Math.min(e, 32) + 1);
        int t = rnd.nextInt(1, 5);
        int a = rnd.nextInt(1, 4);
        float stdMax = (float) rnd.uniform(0.3, 2);
        float[] actions = rnd.floats(e * t * a, -1, 1);
        float[] scores = rnd.floats(e, -5, 5);
        try (Graph g = new Graph(be)) {
            EliteRefit.Refit r = UniformEliteRefit.refit(g, g.constant(actions, e, t, a), g.constant(scores, e), k,
                    0.05f, stdMax);
            int[] idx = be.toIntArray(r.eliteIndices());
            float[] w = be.toArray(r.weights());
            float[] mean = be.toArray(r.mean());
            float[] std = be.toArray(r.std());
            for (int i = 0; i < k; i++) {
                assertEquals(1f / k, w[i], 0f, "w[" + i + "], " + seed());
                if (i > 0) {
                    assertTrue(scores[idx[i - 1]] >= scores[idx[i]], "elites by descending score, " + seed());
                }
            }
            assertEquals(scores[argmax(scores)], scores[idx[0]], 0f, seed());
            for (int j = 0; j < t * a; j++) {
                double m = 0;
                for (int i : idx) {
                    m += actions[i * t * a + j];
                }
                m /= k;
                double v = 0;
                for (int i : idx) {
                    v += (actions[i * t * a + j] - m) * (actions[i * t * a + j] - m);
                }
                double s = Math.min(Math.max(Math.sqrt(v / k), 0.05), stdMax);
                assertEquals(m, mean[j], 2e-6, "mean " + j + ", " + seed());
                assertEquals(s, std[j], 1e-5, "population std " + j + ", " + seed());
            }
        }
    }

    @Test
    void settingsAreCheckedAgainstTheCandidates() {
        var tooMany = new PlannerSettings(T, A, 1, 8, 9, 0.05f, 1f, WarmStart.COPY, 0, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> new Planner(tooMany, new CemScorer(model)));
        assertTrue(e.getMessage().contains("num_elites=9") && e.getMessage().contains("[1, 8]"), e.getMessage());
        var wrongA = new PlannerSettings(T, A + 1, 1, 8, 4, 0.05f, 1f, WarmStart.COPY, 0, 1);
        var a = assertThrows(IllegalArgumentException.class, () -> new Planner(wrongA, new CemScorer(model)));
        assertTrue(a.getMessage().contains("action dim"), a.getMessage());
    }
}
