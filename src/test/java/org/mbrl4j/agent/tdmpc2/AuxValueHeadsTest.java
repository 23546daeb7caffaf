package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;

import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Auxiliary heads of docs/multi-gamma.md#head-structure: structure, targets and loss, gradient routing, and the baseline invariant. */
class AuxValueHeadsTest {
    /** Pendulum-v1's 200-step episodes give the primary discount clip(1 − 5/200) = 0.975. */
    private static final String GAMMAS = "multi_gamma.gammas=[0.975,0.97,0.995]";
    private final CpuBackend be = new CpuBackend();

    private static MbrlConfig config(int seed, String... extra) {
        List<String> o = new ArrayList<>(List.of("seed=" + seed));
        o.addAll(List.of(extra));
        return Tdmpc2UpdateTest.tinyConfig(o.toArray(String[]::new));
    }

    @Test
    void jointAndSeparateHeadsGiveOneDistributionPerAuxiliaryDiscount() {
        TestRandom rnd = new TestRandom();
        for (String head : List.of("joint", "separate")) {
            MbrlConfig cfg = config(1, "multi_gamma.enabled=true", GAMMAS, "multi_gamma.head=" + head);
            WorldModel model = new WorldModel(be, ModelDims.of(cfg.tdmpc2(), false, 3, 1), rnd.nextLong());
            assertEquals(List.of(0.97, 0.995), model.aux().gammas());
            long expected = head.equals("joint") ? 16L * 2 * 101 + 2 * 101 : 2L * (16 * 101 + 101);
            assertEquals(expected, model.parameterCounts().get(AuxValueHeads.PREFIX), head);
            try (Graph g = new Graph(be)) {
                Tensor z = rnd.uniform(be, false, 0, 1, 3, 5, 16);
                Tensor logits = model.aux().logits(new Pass(g, Mode.TRAIN, new Rng(0, 0)), z);
                assertArrayEquals(new int[] {15, 2, 101}, logits.shape(), head);
            }
        }
    }

    @Test
    void auxiliaryLossMatchesAFloat64ComputationOnAHandBuiltBatch() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = config(1, "multi_gamma.enabled=true", GAMMAS, "multi_gamma.loss_weight=0.5", "rho=0.5");
        WorldModel model = new WorldModel(be, ModelDims.of(cfg.tdmpc2(), false, 3, 1), rnd.nextLong());
        Tensor w = model.params().get("multi_gamma.joint.weight");
        be.upload(rnd.floats((int) w.numel(), -0.5, 0.5), 0, w);
        Bins bins = model.dims().bins();
        int h = 3, b = 4, m = 2, k = bins.numBins();
        float[] r = rnd.floats(h * b, -20, 5);
        float[] boot = rnd.floats(h * b, -300, 50);
        float[] notDone = new float[h * b];
        for (int i = 0; i < notDone.length; i++) {
            notDone[i] = rnd.nextInt(2);
        }
        double[] gammas = {0.97, 0.995};
        float[] rho = {1f, 0.5f, 0.25f};
        try (Graph g = new Graph(be)) {
            Tensor z = rnd.uniform(be, false, 0, 1, h, b, 16);
            var targets = new TdTargets(null, g.constant(boot, h, b), g.constant(notDone, h, b));
            var loss = new AuxValueLoss(model.aux(), bins, 0.5f);
            AuxValueLoss.Result res = loss.compute(g, new Pass(g, Mode.TRAIN, new Rng(0, 0)), z, g.constant(r, h, b),
                    targets, rho);
            float[] logits = be.toArray(model.aux().logits(new Pass(g, Mode.EVAL, new Rng(0, 0)), z));
            double[] perGamma = new double[m];
            for (int t = 0; t < h; t++) {
                for (int i = 0; i < m; i++) {
                    double mean = 0;
                    for (int j = 0; j < b; j++) {
                        int row = t * b + j;
                        double y = r[row] + gammas[i] * notDone[row] * boot[row];
                        mean += softCe(logits, (row * m + i) * k, k, twoHot(y, bins)) / b;
                    }
                    perGamma[i] += rho[t] * mean / h;
                }
            }
            float[] got = be.toArray(res.perGamma());
            for (int i = 0; i < m; i++) {
                assertEquals(perGamma[i], got[i], 1e-4 * Math.abs(perGamma[i]), "gamma " + gammas[i] + ", seed " + rnd.seed());
            }
            assertEquals(0.5 * (perGamma[0] + perGamma[1]), be.toArray(res.total())[0], 1e-4 * perGamma[0]);
        }
    }

    @Test
    void theAuxiliaryLossReachesEncoderAndDynamicsButNeverThePolicyPrior() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = config(1, "multi_gamma.enabled=true", GAMMAS);
        WorldModel model = new WorldModel(be, ModelDims.of(cfg.tdmpc2(), false, 3, 1), rnd.nextLong());
        Tensor w = model.params().get("multi_gamma.joint.weight");
        be.upload(rnd.floats((int) w.numel(), -0.5, 0.5), 0, w);
        try (Graph g = new Graph(be)) {
            Pass train = new Pass(g, Mode.TRAIN, new Rng(0, 0));
            Tensor z0 = model.encode(train, rnd.uniform(be, false, -1, 1, 4, 3));
            Tensor z1 = model.next(train, z0, rnd.uniform(be, false, -1, 1, 4, 1));
            Tensor zPred = org.mbrl4j.autograd.LayoutFn.concat(g, 0, g.view(z0, 1, 4, 16), g.view(z1, 1, 4, 16));
            var targets = new TdTargets(null, g.constant(rnd.floats(8, -50, 0), 2, 4),
                    g.constant(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 2, 4));
            var res = new AuxValueLoss(model.aux(), model.dims().bins(), 0.5f).compute(g, train, zPred,
                    g.constant(rnd.floats(8, -5, 0), 2, 4), targets, new float[] {1f, 0.5f});
            g.backward(res.total());
        }
        for (Tensor p : model.params().under(WorldModel.PI)) {
            for (float v : be.toArray(p.grad())) {
                assertEquals(0f, v, "policy prior gradient from the auxiliary loss");
            }
        }
        assertTrue(anyNonZero(model.params().under(WorldModel.ENCODER)), "encoder gets gradient");
        assertTrue(anyNonZero(model.params().under(WorldModel.DYNAMICS)), "dynamics gets gradient");
    }

    @Test
    void disabledOrSingleDiscountBuildsNothingAndReproducesTheBaselineBitForBit() {
        TestRandom rnd = new TestRandom();
        int seed = rnd.nextInt(1000);
        EpisodeBuffer buffer = org.mbrl4j.testing.PendulumData.randomEpisodes(rnd, 2);
        long samplerSeed = rnd.nextLong();
        List<Map<String, Double>> baseline = updates(config(seed), buffer, samplerSeed);
        List<Map<String, Double>> disabled = updates(config(seed, "multi_gamma.enabled=false", GAMMAS), buffer,
                samplerSeed);
        List<Map<String, Double>> single = updates(config(seed, "multi_gamma.enabled=true",
                "multi_gamma.gammas=[0.975]"), buffer, samplerSeed);
        assertEquals(baseline, disabled, "multi_gamma.enabled=false, seed " + rnd.seed());
        assertEquals(baseline, single, "a single (primary) discount, seed " + rnd.seed());
        for (String k : baseline.getFirst().keySet()) {
            assertTrue(!k.startsWith("multi_gamma"), "baseline metric " + k);
        }
        WorldModel m = new WorldModel(be, ModelDims.of(config(seed, "multi_gamma.enabled=true",
                "multi_gamma.gammas=[0.975]").tdmpc2(), false, 3, 1), 1);
        assertNull(m.aux());
        assertTrue(m.params().under(AuxValueHeads.PREFIX).isEmpty());
        List<Map<String, Double>> on = updates(config(seed, "multi_gamma.enabled=true", GAMMAS), buffer, samplerSeed);
        assertTrue(on.getFirst().containsKey("multi_gamma/ce_0.97") && on.getFirst().containsKey("multi_gamma/ce_mean"),
                on.getFirst().keySet().toString());
    }

    private List<Map<String, Double>> updates(MbrlConfig cfg, EpisodeBuffer buffer, long samplerSeed) {
        Tdmpc2Spec spec = Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200);
        List<Map<String, Double>> out = new ArrayList<>();
        Rng sampler = new Rng(samplerSeed, 3);
        try (Tdmpc2Agent agent = new Tdmpc2Agent(be, spec)) {
            for (int i = 0; i < 10; i++) {
                out.add(agent.update(buffer.sample(16, 3, sampler)));
            }
        }
        return out;
    }

    private boolean anyNonZero(List<Tensor> params) {
        for (Tensor p : params) {
            for (float v : be.toArray(p.grad())) {
                if (v != 0f) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Two-hot of symlog(y) on the bins, written out here (tdmpc2 common/math.py: two_hot). */
    static double[] twoHot(double y, Bins bins) {
        double s = Math.signum(y) * Math.log1p(Math.abs(y));
        s = Math.min(Math.max(s, bins.vmin()), bins.vmax());
        double pos = (s - bins.vmin()) / bins.binSize();
        int k = (int) Math.min(Math.floor(pos), bins.numBins() - 2);
        double f = pos - k;
        double[] w = new double[bins.numBins()];
        w[k] = 1 - f;
        w[k + 1] = f;
        return w;
    }

    static double softCe(float[] logits, int off, int k, double[] target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, logits[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(logits[off + j] - max);
        }
        double lse = max + Math.log(sum);
        double ce = 0;
        for (int j = 0; j < k; j++) {
            ce -= target[j] * (logits[off + j] - lse);
        }
        return ce;
    }
}
