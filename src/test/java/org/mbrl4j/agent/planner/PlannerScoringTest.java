package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.tdmpc2.LatentRollout;
import org.mbrl4j.agent.tdmpc2.QReduce;
import org.mbrl4j.agent.tdmpc2.QSet;
import org.mbrl4j.agent.tdmpc2.WorldModel;
import org.mbrl4j.agent.tdmpc2.WorldModelPlanning;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** compute_values_head0, compute_disagreement and combine_scores of docs/planner.md#values-of-head-0, docs/planner.md#disagreement, docs/planner.md#combine_scores. */
class PlannerScoringTest {
    /** float32 sums of a few terms of size <= ~10 agree with the double reference to this relative error. */
    private static final double REL_TOL = 1e-5;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    private String seed() {
        return "seed=" + rnd.seed();
    }

    @Test
    void disagreementIsExactlyZeroWhenAllHeadsAreEqual() {
        int h = rnd.nextInt(2, 6);
        int n = rnd.nextInt(1, 9);
        int l = rnd.nextInt(1, 20);
        float[] one = rnd.floats(n * l, 0, 1);
        float[] heads = new float[h * n * l];
        for (int i = 0; i < h; i++) {
            System.arraycopy(one, 0, heads, i * n * l, n * l);
        }
        try (Graph g = new Graph(be)) {
            float[] dis = be.toArray(Scoring.computeDisagreement(g, g.constant(heads, h, n, l)));
            assertArrayEquals(new float[n], dis, "D=" + h + ", " + seed());
        }
    }

    @Test
    void disagreementIsThePopulationVarianceOverHeadsAveragedOverTheLatent() {
        int h = rnd.nextInt(2, 6);
        int n = rnd.nextInt(1, 9);
        int l = rnd.nextInt(1, 20);
        float[] x = rnd.floats(h * n * l, 0, 1);
        try (Graph g = new Graph(be)) {
            float[] dis = be.toArray(Scoring.computeDisagreement(g, g.constant(x, h, n, l)));
            assertEquals(n, dis.length);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < l; j++) {
                    double mean = 0;
                    for (int k = 0; k < h; k++) {
                        mean += x[(k * n + i) * l + j];
                    }
                    mean /= h;
                    double var = 0;
                    for (int k = 0; k < h; k++) {
                        double d = x[(k * n + i) * l + j] - mean;
                        var += d * d;
                    }
                    sum += var / h; // unbiased=False
                }
                double expected = sum / l;
                assertTrue(dis[i] > 0, seed());
                assertEquals(expected, dis[i], REL_TOL * expected, "row " + i + ", " + seed());
            }
        }
    }

    @Test
    void worldModelHeadsCopiedFromHeadZeroDoNotDisagreeAndFreshHeadsDo() {
        Tdmpc2Spec spec = PlannerFixtures.spec(2, rnd.nextLong(), "planner_num_dynamics_heads=3");
        WorldModel copied = PlannerFixtures.worldModel(be, spec, rnd.nextLong());
        WorldModel fresh = PlannerFixtures.worldModel(be, spec, rnd.nextLong());
        copyHeadZeroIntoExtraHeads(copied, 2);
        int n = 6;
        int t = 3;
        float[] z0 = be.toArray(encode(copied));
        float[] actions = rnd.floats(n * t * 2, -1, 1);
        float[] same = finalDisagreement(copied, z0, actions, n, t);
        float[] differ = finalDisagreement(fresh, z0, actions, n, t);
        for (int i = 0; i < n; i++) {
            assertEquals(0f, same[i], 1e-12f, "identical heads, row " + i + ", " + seed());
            assertTrue(differ[i] > 1e-8f, "independent heads disagree: " + differ[i] + ", " + seed());
        }
    }

    @Test
    void combineScoresAddsLambdaTimesDisagreementOnlyWhenBothAreGiven() {
        int n = rnd.nextInt(1, 20);
        float lambda = (float) rnd.uniform(0.1, 3);
        float[] v = rnd.floats(n, -5, 5);
        float[] d = rnd.floats(n, 0, 1);
        try (Graph g = new Graph(be)) {
            Tensor values = g.constant(v, n);
            Tensor dis = g.constant(d, n);
            assertSame(values, Scoring.combineScores(g, values, null, lambda), "None disagreement returns the values");
            assertSame(values, Scoring.combineScores(g, values, dis, 0f), "lambda 0 returns the values");
            float[] s = be.toArray(Scoring.combineScores(g, values, dis, lambda));
            for (int i = 0; i < n; i++) {
                assertEquals(v[i] + lambda * d[i], s[i], 1e-5f, seed());
            }
            assertThrows(IllegalArgumentException.class,
                    () -> Scoring.combineScores(g, values, g.constant(new float[n + 1], n + 1), lambda));
        }
    }

    @Test
    void valuesHead0MatchTheDiscountedReturnByHand() {
        checkAnalyticValues(false);
    }

    @Test
    void valuesHead0StopAtPredictedTerminationsLikeTheReference() {
        checkAnalyticValues(true);
    }

    /** Analytic rewards and bootstrap against the reference _estimate_value loop in double. */
    private void checkAnalyticValues(boolean episodic) {
        int t = rnd.nextInt(1, 5);
        int a = rnd.nextInt(1, 4);
        int n = rnd.nextInt(1, 12);
        double gamma = rnd.uniform(0.8, 1.0);
        float[][] target = new float[t][];
        for (int s = 0; s < t; s++) {
            target[s] = rnd.floats(a, -1, 1);
        }
        AnalyticModel m = new AnalyticModel(be, t, a, 1, target);
        m.bootstrap = (float) rnd.uniform(-5, 5);
        m.rewardOffset = rnd.floats(n, 0, 3);
        float[] logits = rnd.floats(n * (t + 1), -3, 3);
        logits[rnd.nextInt(logits.length)] = 0f; // sigmoid(0) = 0.5 is not > 0.5: not terminal
        if (episodic) {
            m.termination = (i, s) -> logits[i * (t + 1) + s];
        }
        float[] act = rnd.floats(n * t * a, -1, 1);
        try (Graph g = new Graph(be); var ng = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor actions = g.constant(act, n, t, a);
            Tensor latents = g.view(m.rolloutLatents(p, g.constant(new float[t + 1], t + 1), actions,
                    RolloutHeadMode.SINGLE).latents(), n, t + 1, t + 1);
            Scoring.Values v = new Scoring(m, gamma).computeValuesHead0(p, latents, actions, new Rng(2, 2));
            float[] got = be.toArray(v.unscaled());
            assertArrayEquals(got, be.toArray(v.scaled()), "values_scaled = values_unscaled * 1.0");
            for (int i = 0; i < n; i++) {
                double g0 = 0;
                double disc = 1;
                double term = 0;
                for (int s = 0; s < t; s++) {
                    double sq = 0;
                    for (int j = 0; j < a; j++) {
                        double d = act[(i * t + s) * a + j] - target[s][j];
                        sq += d * d;
                    }
                    g0 += disc * (1 - term) * (m.rewardOffset[i] - sq);
                    disc *= gamma;
                    if (episodic && logits[i * (t + 1) + s + 1] > 0f) {
                        term = 1;
                    }
                }
                double expected = g0 + disc * (1 - term) * m.bootstrap;
                assertEquals(expected, got[i], REL_TOL * (1 + Math.abs(expected)), "row " + i + ", episodic="
                        + episodic + ", " + seed());
            }
        }
    }

    @Test
    void worldModelValuesHead0MatchAStepByStepReturn() {
        for (boolean episodic : new boolean[] {false, true}) {
            Tdmpc2Spec spec = PlannerFixtures.spec(2, rnd.nextLong(), "episodic=" + episodic);
            WorldModel wm = PlannerFixtures.worldModel(be, spec, rnd.nextLong());
            int n = 5;
            int t = 3;
            long rngSeed = rnd.nextLong();
            try (Graph g = new Graph(be); var ng = g.noGrad()) {
                Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
                Tensor actions = g.constant(rnd.floats(n * t * 2, -1, 1), n, t, 2);
                Tensor latents = new LatentRollout(wm).withActions(p, encode(wm), actions, RolloutHeadMode.SINGLE)
                        .latents();
                Tensor head0 = g.view(latents, n, t + 1, 16);
                var planning = new WorldModelPlanning(wm, new LatentRollout(wm));
                float[] got = be.toArray(new Scoring(planning, spec.discount()).computeValuesHead0(p, head0, actions,
                        new Rng(rngSeed, 5)).unscaled());
                float[] expected = stepByStep(wm, p, be.toArray(latents), be.toArray(actions), n, t,
                        spec.discount(), new Rng(rngSeed, 5));
                double spread = 0;
                for (int i = 1; i < n; i++) {
                    spread = Math.max(spread, Math.abs(expected[i] - expected[0]));
                }
                assertTrue(spread > 1e-3, "the rows' values must differ for the check to mean something, " + seed());
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i], got[i], REL_TOL * (1 + Math.abs(expected[i])), "row " + i + ", episodic="
                            + episodic + ", " + seed());
                }
            }
        }
    }

    @Test
    void valuesHead0RejectMismatchedShapes() {
        AnalyticModel m = new AnalyticModel(be, 2, 1, 1, new float[][] {{0f}, {0f}});
        try (Graph g = new Graph(be); var ng = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor actions = g.constant(new float[4], 2, 2, 1);
            var e = assertThrows(IllegalArgumentException.class, () -> new Scoring(m, 0.9)
                    .computeValuesHead0(p, g.constant(new float[2 * 2 * 3], 2, 2, 3), actions, new Rng(1, 2)));
            assertTrue(e.getMessage().contains("(N, T+1, L)"), e.getMessage());
        }
    }

    /** The reference loop with single-row calls of the model: reward per step, then Q_avg(z_T, π(z_T)). */
    private float[] stepByStep(WorldModel wm, Pass p, float[] lat, float[] act, int n, int t, double gamma, Rng rng) {
        Graph g = p.graph();
        int l = 16;
        int a = 2;
        double[] sum = new double[n];
        double disc = 1;
        double[] term = new double[n];
        for (int s = 0; s < t; s++) {
            float[] zs = new float[n * l];
            float[] as = new float[n * a];
            float[] zNext = new float[n * l];
            for (int i = 0; i < n; i++) {
                System.arraycopy(lat, (i * (t + 1) + s) * l, zs, i * l, l);
                System.arraycopy(lat, (i * (t + 1) + s + 1) * l, zNext, i * l, l);
                System.arraycopy(act, (i * t + s) * a, as, i * a, a);
            }
            float[] r = be.toArray(LossFn.twoHotExpectation(g, wm.reward(p, g.constant(zs, n, l), g.constant(as, n, a)),
                    wm.dims().bins()));
            float[] logit = wm.episodic() ? be.toArray(wm.terminationLogit(p, g.constant(zNext, n, l))) : null;
            for (int i = 0; i < n; i++) {
                sum[i] += disc * (1 - term[i]) * r[i];
                if (logit != null && 1 / (1 + Math.exp(-logit[i])) > 0.5) {
                    term[i] = 1;
                }
            }
            disc *= gamma;
        }
        float[] zT = new float[n * l];
        for (int i = 0; i < n; i++) {
            System.arraycopy(lat, (i * (t + 1) + t) * l, zT, i * l, l);
        }
        Tensor z = g.constant(zT, n, l);
        Tensor pi = wm.pi(p, z, rng.reserve((long) n * a)).action();
        float[] q = be.toArray(wm.qValue(p, z, pi, QSet.ONLINE, QReduce.AVG, wm.randomPair(rng)));
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sum[i] + disc * (1 - term[i]) * q[i]);
        }
        return out;
    }

    private float[] finalDisagreement(WorldModel wm, float[] z0, float[] actions, int n, int t) {
        try (Graph g = new Graph(be); var ng = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor latents = new LatentRollout(wm).withActions(p, g.constant(z0, z0.length),
                    g.constant(actions, n, t, 2), RolloutHeadMode.ALL).latents(); // (D, N, T+1, L)
            int h = latents.dim(0);
            int l = latents.dim(3);
            float[] all = be.toArray(latents);
            float[] last = new float[h * n * l];
            for (int k = 0; k < h; k++) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(all, ((k * n + i) * (t + 1) + t) * l, last, (k * n + i) * l, l);
                }
            }
            return be.toArray(Scoring.computeDisagreement(g, g.constant(last, h, n, l)));
        }
    }

    /** dynamics_extra.* (D-1, ...) ← dynamics.* for every extra head. */
    private void copyHeadZeroIntoExtraHeads(WorldModel wm, int extraHeads) {
        wm.params().asMap().forEach((name, t) -> {
            if (name.startsWith(WorldModel.DYNAMICS + ".")) {
                String suffix = name.substring(WorldModel.DYNAMICS.length());
                Tensor extra = wm.params().get(WorldModel.DYNAMICS_EXTRA + suffix);
                float[] head = be.toArray(t);
                float[] stacked = new float[head.length * extraHeads];
                for (int k = 0; k < extraHeads; k++) {
                    System.arraycopy(head, 0, stacked, k * head.length, head.length);
                }
                be.upload(stacked, 0, extra);
            }
        });
    }

    private Tensor encode(WorldModel wm) {
        try (Graph g = new Graph(be); var ng = g.noGrad()) {
            float[] z = be.toArray(wm.encode(new Pass(g, Mode.EVAL, new Rng(1, 1)),
                    g.constant(rnd.floats(PlannerFixtures.OBS_DIM, -1, 1), PlannerFixtures.OBS_DIM)));
            return be.fromArray(z, z.length);
        }
    }
}
