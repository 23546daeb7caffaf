package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.agent.planner.RolloutHeadMode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** rollout_latents of docs/planner.md#rollout_latents ({@link LatentRollout}) on tiny world models. */
class RolloutLatentsTest {
    private static final int OBS = 5;
    private static final int ACTION = 2;
    private static final int LATENT = 16;
    private static final int SIMNORM = 4;
    private static final int HEADS = 3;
    /** SimNorm groups are softmaxes: their float32 sums are 1 up to a few ulps of the group size. */
    private static final float SIMNORM_SUM_TOL = 1e-5f;

    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    private WorldModel model(int heads) {
        ModelDims dims = new ModelDims(OBS, ACTION, LATENT, 16, 16, 2, 2, new Bins(11, -10f, 10f), SIMNORM, 0.01f,
                false, heads, -10f, 2f, java.util.List.of(), org.mbrl4j.config.MultiGammaHead.JOINT);
        return new WorldModel(be, dims, rnd.nextLong());
    }

    private Tensor z0(Graph g, WorldModel m) {
        return m.encode(new Pass(g, Mode.EVAL, new Rng(0, 0)), g.constant(rnd.floats(OBS, -1, 1), OBS)); // (L)
    }

    private String seed() {
        return "seed=" + rnd.seed();
    }

    @Test
    void givenActionsHaveTheShapeOfEveryHeadModeAndStartAtZ0() {
        WorldModel m = model(HEADS);
        LatentRollout rollout = new LatentRollout(m);
        int n = rnd.nextInt(1, 6);
        int t = rnd.nextInt(1, 5);
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(rnd.nextLong(), 1));
            Tensor z0 = z0(g, m);
            Tensor actions = g.constant(rnd.floats(n * t * ACTION, -1, 1), n, t, ACTION);
            Rollout single = rollout.withActions(p, z0, actions, RolloutHeadMode.SINGLE);
            Rollout all = rollout.withActions(p, z0, actions, RolloutHeadMode.ALL);
            assertArrayEquals(new int[] {1, n, t + 1, LATENT}, single.latents().shape(), seed());
            assertArrayEquals(new int[] {HEADS, n, t + 1, LATENT}, all.latents().shape(), seed());
            assertSame(actions, single.actions(), "given actions come back unchanged");
            assertSame(actions, all.actions(), "given actions come back unchanged");
            float[] zs = be.toArray(z0);
            float[] ls = be.toArray(single.latents());
            float[] la = be.toArray(all.latents());
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(zs, slice(la, ((h * n + i) * (t + 1)) * LATENT), "index 0 is z0, " + seed());
                }
            }
            // Head 0 of 'all' is the single-head rollout, bit for bit; the extra heads differ after step 0.
            assertArrayEquals(ls, slice(la, 0, ls.length), seed());
            assertTrue(maxAbsDiff(slice(la, 0, ls.length), slice(la, ls.length, ls.length)) > 1e-4, seed());
            requireSimNorm(la);
        }
    }

    @Test
    void eachStepIsTheDynamicsOfThePreviousLatentAndAction() {
        WorldModel m = model(1);
        int n = 3;
        int t = 3;
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(rnd.nextLong(), 1));
            Tensor z0 = z0(g, m);
            float[] a = rnd.floats(n * t * ACTION, -1, 1);
            float[] lat = be.toArray(new LatentRollout(m).withActions(p, z0, g.constant(a, n, t, ACTION),
                    RolloutHeadMode.SINGLE).latents());
            int step = rnd.nextInt(t);
            int row = rnd.nextInt(n);
            Tensor zt = g.constant(slice(lat, (row * (t + 1) + step) * LATENT, LATENT), 1, LATENT);
            Tensor at = g.constant(slice(a, (row * t + step) * ACTION, ACTION), 1, ACTION);
            float[] expected = be.toArray(m.next(p, zt, at));
            float[] got = slice(lat, (row * (t + 1) + step + 1) * LATENT, LATENT);
            assertTrue(maxAbsDiff(expected, got) < 1e-6, "z_{t+1} = d(z_t, a_t) at t=" + step + ", " + seed());
        }
    }

    @Test
    void policyRolloutReturnsItsActionsAndMatchesReplayingThem() {
        WorldModel m = model(HEADS);
        LatentRollout rollout = new LatentRollout(m);
        int n = rnd.nextInt(1, 6);
        int t = rnd.nextInt(1, 5);
        long seed = rnd.nextLong();
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(seed, 9));
            Tensor z0 = z0(g, m);
            Rng policyRng = new Rng(seed, 3);
            Rollout policy = rollout.withPolicy(p, g.view(z0, 1, LATENT), t, n, RolloutHeadMode.ALL, policyRng);
            assertArrayEquals(new int[] {n, t, ACTION}, policy.actions().shape(), seed());
            assertArrayEquals(new int[] {HEADS, n, t + 1, LATENT}, policy.latents().shape(), seed());
            assertEquals(t * PhiloxKey.blocksFor((long) n * ACTION), policyRng.counter(),
                    "one reservation of N*A normals per step, " + seed());
            for (float v : be.toArray(policy.actions())) {
                assertTrue(v > -1f && v < 1f, "policy actions are tanh-squashed: " + v + ", " + seed());
            }
            Rollout replay = rollout.withActions(p, z0, policy.actions(), RolloutHeadMode.ALL);
            assertArrayEquals(be.toArray(replay.latents()), be.toArray(policy.latents()), seed());
            Rollout again = rollout.withPolicy(p, z0, t, n, RolloutHeadMode.SINGLE, new Rng(seed, 3));
            assertArrayEquals(be.toArray(policy.actions()), be.toArray(again.actions()),
                    "the same stream gives the same policy actions, " + seed());
            requireSimNorm(be.toArray(policy.latents()));
        }
    }

    @Test
    void z0OfShapeLAndOneByLGiveTheSameRollout() {
        WorldModel m = model(2);
        LatentRollout rollout = new LatentRollout(m);
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(rnd.nextLong(), 1));
            Tensor z0 = z0(g, m);
            Tensor actions = g.constant(rnd.floats(4 * 2 * ACTION, -1, 1), 4, 2, ACTION);
            float[] flat = be.toArray(rollout.withActions(p, z0, actions, RolloutHeadMode.ALL).latents());
            Tensor z0Row = g.view(z0, 1, LATENT);
            float[] row = be.toArray(rollout.withActions(p, z0Row, actions, RolloutHeadMode.ALL).latents());
            assertArrayEquals(flat, row, seed());
        }
    }

    /**
     * The stacked all-heads rollout computes, bit for bit, what head 0 ({@link WorldModel#next}) and
     * the ensemble of the other heads ({@link WorldModel#nextExtra}) compute as two chains; within a
     * plan it reads the dynamics as of the plan's first all-heads rollout, the next plan re-copies them.
     */
    @Test
    void stackedHeadsRollAsTheTwoChainsAndRefreshPerPlan() {
        WorldModel m = model(HEADS);
        LatentRollout rollout = new LatentRollout(m);
        int n = rnd.nextInt(1, 6);
        int t = rnd.nextInt(1, 4);
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(rnd.nextLong(), 1));
            Tensor z0 = z0(g, m);
            float[] as = rnd.floats(n * t * ACTION, -1, 1);
            Tensor actions = g.constant(as, n, t, ACTION);
            rollout.beginPlan();
            float[] stacked = be.toArray(rollout.withActions(p, z0, actions, RolloutHeadMode.ALL).latents());
            assertArrayEquals(twoChains(g, p, m, z0, as, n, t), stacked, seed());

            Tensor w = m.params().get(WorldModel.DYNAMICS + ".0.weight");
            be.upload(rnd.floats((int) w.numel(), -1, 1), 0, w);
            float[] moved = twoChains(g, p, m, z0, as, n, t);
            assertTrue(maxAbsDiff(stacked, moved) > 1e-4, "moving head 0 changes its rollout, " + seed());
            assertArrayEquals(stacked, be.toArray(rollout.withActions(p, z0, actions, RolloutHeadMode.ALL).latents()),
                    "same plan: the copies of the plan's first rollout, " + seed());
            rollout.beginPlan();
            assertArrayEquals(moved, be.toArray(rollout.withActions(p, z0, actions, RolloutHeadMode.ALL).latents()),
                    "next plan: the moved weight, " + seed());
        }
    }

    @Test
    void rolloutIsInferenceOnly() {
        WorldModel m = model(2);
        try (Graph g = new Graph(be)) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor actions = g.constant(new float[2 * ACTION], 1, 2, ACTION);
            Tensor z0 = g.constant(new float[LATENT], LATENT);
            var e = assertThrows(IllegalStateException.class,
                    () -> new LatentRollout(m).withActions(p, z0, actions, RolloutHeadMode.SINGLE));
            assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        }
    }

    /** Head 0 by next(), heads 1..D-1 by nextExtra(), from z0 with the given actions: (D, N, T+1, L) flat. */
    private float[] twoChains(Graph g, Pass p, WorldModel m, Tensor z0, float[] as, int n, int t) {
        float[] zs = be.toArray(z0);
        float[] z = new float[n * LATENT];
        float[] zx = new float[(HEADS - 1) * n * LATENT];
        for (int i = 0; i < z.length; i += LATENT) {
            System.arraycopy(zs, 0, z, i, LATENT);
        }
        for (int i = 0; i < zx.length; i += LATENT) {
            System.arraycopy(zs, 0, zx, i, LATENT);
        }
        float[] out = new float[HEADS * n * (t + 1) * LATENT];
        for (int step = 0; step <= t; step++) {
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < n; i++) {
                    float[] src = h == 0 ? z : zx;
                    int at = ((h == 0 ? 0 : h - 1) * n + i) * LATENT;
                    System.arraycopy(src, at, out, ((h * n + i) * (t + 1) + step) * LATENT, LATENT);
                }
            }
            if (step == t) {
                break;
            }
            float[] a = new float[n * ACTION];
            for (int i = 0; i < n; i++) {
                System.arraycopy(as, (i * t + step) * ACTION, a, i * ACTION, ACTION);
            }
            Tensor at = g.constant(a, n, ACTION);
            z = be.toArray(m.next(p, g.constant(z, n, LATENT), at));
            zx = be.toArray(m.nextExtra(p, g.constant(zx, HEADS - 1, n, LATENT), at));
        }
        return out;
    }

    @Test
    void randomHeadModeIsUnsupported() {
        WorldModel m = model(2);
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor actions = g.constant(new float[2 * ACTION], 1, 2, ACTION);
            var e = assertThrows(UnsupportedOperationException.class,
                    () -> new LatentRollout(m).withActions(p, z0(g, m), actions, RolloutHeadMode.RANDOM));
            assertTrue(e.getMessage().contains("'random'"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> new LatentRollout(m).withPolicy(p, z0(g, m), 2, 1,
                    RolloutHeadMode.RANDOM, new Rng(1, 2)));
        }
    }

    @Test
    void badInputsAreRejectedWithTheirShapes() {
        WorldModel m = model(1);
        LatentRollout rollout = new LatentRollout(m);
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor z0 = z0(g, m);
            Tensor good = g.constant(new float[3 * 2 * ACTION], 3, 2, ACTION);
            var wrongA = assertThrows(IllegalArgumentException.class, () -> rollout.withActions(p, z0,
                    g.constant(new float[3 * 2 * 3], 3, 2, 3), RolloutHeadMode.SINGLE));
            assertTrue(wrongA.getMessage().contains("A=" + ACTION), wrongA.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> rollout.withActions(p, z0, null, RolloutHeadMode.SINGLE));
            assertThrows(IllegalArgumentException.class, () -> rollout.withActions(p, z0,
                    g.constant(new float[2 * ACTION], 2, ACTION), RolloutHeadMode.SINGLE));
            var wrongZ = assertThrows(IllegalArgumentException.class, () -> rollout.withActions(p,
                    g.view(z0, 2, LATENT / 2), good, RolloutHeadMode.SINGLE));
            assertTrue(wrongZ.getMessage().contains("z0"), wrongZ.getMessage());
            assertThrows(IllegalArgumentException.class, () -> rollout.withActions(p,
                    g.constant(new float[LATENT + 1], LATENT + 1), good, RolloutHeadMode.SINGLE));
            var noSteps = assertThrows(IllegalArgumentException.class,
                    () -> rollout.withPolicy(p, z0, 0, 3, RolloutHeadMode.SINGLE, new Rng(1, 2)));
            assertTrue(noSteps.getMessage().contains("horizon"), noSteps.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> rollout.withPolicy(p, z0, 2, 0, RolloutHeadMode.SINGLE, new Rng(1, 2)));
        }
    }

    /** Every SimNorm group of every latent sums to 1 with entries in [0, 1]. */
    private void requireSimNorm(float[] latents) {
        for (int base = 0; base < latents.length; base += SIMNORM) {
            float sum = 0f;
            for (int j = 0; j < SIMNORM; j++) {
                float v = latents[base + j];
                assertTrue(v >= 0f && v <= 1f, "SimNorm entry " + v + ", " + seed());
                sum += v;
            }
            assertEquals(1f, sum, SIMNORM_SUM_TOL, "SimNorm group at " + base + ", " + seed());
        }
    }

    private static float[] slice(float[] a, int from) {
        return slice(a, from, LATENT);
    }

    private static float[] slice(float[] a, int from, int len) {
        return java.util.Arrays.copyOfRange(a, from, from + len);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
