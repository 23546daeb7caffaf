package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;

import org.mbrl4j.agent.AgentState;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/**
 * docs/multi-gamma.md#logging snapshots of the auxiliary heads: their numbers against a hand computation, the
 * bounds of the two tiers, and that taking them leaves training bit for bit as it was.
 */
class AuxSnapshotTest {
    /** Pendulum-v1's primary discount 0.975 first, then two auxiliary discounts. */
    private static final String GAMMAS = "multi_gamma.gammas=[0.975,0.95,0.99]";
    private static final double[] AUX = {0.95, 0.99};
    private static final int H = 3;
    private static final int B = 16;
    private final CpuBackend be = new CpuBackend();

    private static Tdmpc2Spec spec(int seed, String... extra) {
        List<String> o = new ArrayList<>(List.of("seed=" + seed, "multi_gamma.enabled=true", GAMMAS));
        o.addAll(List.of(extra));
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig(o.toArray(String[]::new)); // batch 16, horizon 3
        return Tdmpc2Specs.of(cfg, "pendulum", PendulumData.OBS_DIM, PendulumData.ACTION_DIM, 200);
    }

    @Test
    void targetsPredictionsBinsAndErrorsMatchAHandComputation() {
        TestRandom rnd = new TestRandom();
        String seedNote = ", seed " + rnd.seed();
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        try (Tdmpc2Agent agent = new Tdmpc2Agent(be, spec(rnd.nextInt(1000), "multi_gamma.debug_logging=true",
                "multi_gamma.log_num_examples=" + B))) {
            WorldModel model = agent.model();
            Bins bins = model.dims().bins();
            int k = bins.numBins();
            int e = model.dims().numQ();
            int m = AUX.length;
            // Heads with something to say, and target Q heads whose value is known whatever the latent:
            // their final weights are zero, so head q decodes to symexp(center(j_q)) of its peaked bias.
            for (String p : List.of("multi_gamma.joint.weight", "multi_gamma.joint.bias")) {
                Tensor t = model.params().get(p);
                be.upload(rnd.floats((int) t.numel(), -0.5, 0.5), 0, t);
            }
            float[] qBias = new float[e * k];
            double[] qValue = new double[e];
            for (int q = 0; q < e; q++) {
                int j = rnd.nextInt(40, 61);
                qBias[q * k + j] = 40f;
                qValue[q] = Math.signum(bins.center(j)) * Math.expm1(Math.abs(bins.center(j)));
            }
            be.upload(qBias, 0, model.targetParams().get("q.2.bias"));
            Batch batch = withTerminations(buffer.sample(B, H, new Rng(rnd.nextLong(), 1)), rnd);

            long seed = rnd.nextLong();
            AuxSnapshot s = agent.auxSnapshot(batch, AuxSnapshot.Tier.DEBUG, new Rng(seed, 7));
            Rng replay = new Rng(seed, 7);
            replay.reserve((long) H * B * PendulumData.ACTION_DIM); // the policy's eps precede the pair draw
            int[] perm = replay.permutation(e);
            double boot = Math.min(qValue[perm[0]], qValue[perm[1]]);
            float[][] logits = headLogits(model, batch); // [t] → (B, G, V)

            assertEquals(List.of(0.95, 0.99), s.gammas());
            assertEquals(0.975, s.primaryGamma(), 1e-7);
            assertEquals(B, s.examples().size());
            double[] abs = new double[m];
            double[] sq = new double[m];
            double[][] ce = new double[m][H];
            for (AuxSnapshot.Example ex : s.examples()) {
                int b = ex.index();
                for (int t = 0; t < H; t++) {
                    assertClose(boot, ex.bootstrap()[t], "bootstrap" + seedNote);
                }
                for (int i = 0; i < m; i++) {
                    AuxSnapshot.ExampleGamma eg = ex.gammas().get(i);
                    AuxSnapshot.Steps st = eg.steps();
                    for (int t = 0; t < H; t++) {
                        int row = t * B + b;
                        double y = batch.reward()[row] + AUX[i] * (1 - batch.terminated()[row]) * boot;
                        int off = (b * m + i) * k;
                        double pred = decode(logits[t], off, bins);
                        String at = " (example " + b + ", gamma " + AUX[i] + ", t " + t + seedNote + ")";
                        assertClose(y, st.targets()[t], "target" + at);
                        assertClose(pred, st.preds()[t], "decoded prediction" + at);
                        double[] w = AuxValueHeadsTest.twoHot(y, bins);
                        int lo = st.targetLowerBin()[t];
                        assertEquals(w[lo], st.targetLowerWeight()[t], 1e-3, "two-hot lower weight" + at);
                        assertEquals(w[lo + 1], 1 - st.targetLowerWeight()[t], 1e-3, "two-hot upper weight" + at);
                        double[] p = softmax(logits[t], off, k);
                        int top = st.predTop2Bins()[t][0];
                        int second = st.predTop2Bins()[t][1];
                        assertTrue(p[top] >= p[second] && top != second, "top-2 order" + at);
                        for (int j = 0; j < k; j++) {
                            assertTrue(j == top || p[j] <= p[top] + 1e-7, "bin " + j + " above the top" + at);
                            assertTrue(j == top || j == second || p[j] <= p[second] + 1e-7, "bin " + j
                                    + " above the second" + at);
                        }
                        assertEquals(p[top], st.predTop2Probs()[t][0], 1e-6, "top probability" + at);
                        assertEquals(p[second], st.predTop2Probs()[t][1], 1e-6, "second probability" + at);
                        ce[i][t] += AuxValueHeadsTest.softCe(logits[t], off, k, w) / B;
                        abs[i] += Math.abs(st.preds()[t] - st.targets()[t]);
                        sq[i] += Math.pow(st.preds()[t] - st.targets()[t], 2);
                    }
                    assertEquals(st.targets()[0], eg.target(), "t = 0 target");
                    assertEquals(st.preds()[0], eg.pred(), "t = 0 prediction");
                    assertEquals(Math.abs(eg.pred() - eg.target()), eg.absErr(), 1e-6, "t = 0 error");
                }
            }
            for (int i = 0; i < m; i++) {
                AuxSnapshot.Summary sum = s.summary().get(i);
                assertEquals(AUX[i], sum.gamma());
                assertClose(abs[i] / (H * B), sum.mae(), "MAE from the examples" + seedNote);
                assertClose(Math.sqrt(sq[i] / (H * B)), sum.rmse(), "RMSE from the examples" + seedNote);
                for (int t = 0; t < H; t++) {
                    assertClose(ce[i][t], sum.cePerStep()[t], "CE at t " + t + seedNote);
                }
                assertClose((ce[i][0] + ce[i][1] + ce[i][2]) / H, sum.ce(), "mean CE" + seedNote);
            }
        }
    }

    @Test
    void theStandardTierHoldsAFewExamplesAtTZeroAndTheDebugTierLogNumExamplesInDetail() {
        TestRandom rnd = new TestRandom();
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 1);
        Batch batch = buffer.sample(B, H, new Rng(rnd.nextLong(), 1));
        int seed = rnd.nextInt(1000);
        for (int logNum : new int[] {2, 6, 40}) {
            try (Tdmpc2Agent agent = new Tdmpc2Agent(be, spec(seed, "multi_gamma.log_num_examples=" + logNum))) {
                AuxSnapshot standard = agent.auxSnapshot(batch, AuxSnapshot.Tier.STANDARD, new Rng(1, 1));
                assertEquals(Math.min(4, logNum), standard.examples().size(), "standard, log_num_examples=" + logNum);
                for (AuxSnapshot.Summary sum : standard.summary()) {
                    assertNull(sum.cePerStep());
                }
                for (AuxSnapshot.Example ex : standard.examples()) {
                    assertNull(ex.bootstrap());
                    assertEquals(AUX.length, ex.gammas().size());
                    ex.gammas().forEach(g -> assertNull(g.steps()));
                }
                AuxSnapshot debug = agent.auxSnapshot(batch, AuxSnapshot.Tier.DEBUG, new Rng(1, 1));
                assertEquals(Math.min(B, logNum), debug.examples().size(), "debug, log_num_examples=" + logNum);
                assertEquals(AUX.length, debug.summary().size());
                for (int i = 0; i < AUX.length; i++) {
                    assertEquals(H, debug.summary().get(i).cePerStep().length);
                    assertEquals(standard.summary().get(i).mae(), debug.summary().get(i).mae(), "same batch, same draws");
                }
                for (AuxSnapshot.Example ex : debug.examples()) {
                    assertEquals(H, ex.bootstrap().length);
                    for (AuxSnapshot.ExampleGamma g : ex.gammas()) {
                        AuxSnapshot.Steps st = g.steps();
                        assertNotNull(st);
                        for (int n : new int[] {st.targets().length, st.preds().length, st.targetLowerBin().length,
                                st.targetLowerWeight().length, st.predTop2Bins().length, st.predTop2Probs().length}) {
                            assertEquals(H, n);
                        }
                        assertEquals(2, st.predTop2Bins()[0].length);
                        assertEquals(2, st.predTop2Probs()[H - 1].length);
                    }
                }
            }
        }
    }

    @Test
    void takingSnapshotsLeavesTrainingBitForBitAsItWas() {
        TestRandom rnd = new TestRandom();
        int seed = rnd.nextInt(1000);
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        long samplerSeed = rnd.nextLong();
        Tdmpc2Spec spec = spec(seed, "multi_gamma.debug_logging=true");
        try (Tdmpc2Agent plain = new Tdmpc2Agent(be, spec); Tdmpc2Agent probed = new Tdmpc2Agent(be, spec)) {
            Rng samplerA = new Rng(samplerSeed, 3);
            Rng samplerB = new Rng(samplerSeed, 3);
            Rng snapshots = new Rng(rnd.nextLong(), 5);
            for (int i = 0; i < 8; i++) {
                for (AuxSnapshot.Tier tier : AuxSnapshot.Tier.values()) {
                    probed.auxSnapshot(buffer.sample(B, H, snapshots), tier, snapshots);
                }
                Map<String, Double> a = plain.update(buffer.sample(B, H, samplerA));
                Map<String, Double> b = probed.update(buffer.sample(B, H, samplerB));
                assertEquals(a, b, "update " + i + " after snapshots, seed " + rnd.seed());
            }
            var obs = new org.mbrl4j.env.Observation.F32(new float[] {0.3f, -0.9f, 0.5f});
            assertArrayEquals(plain.act(obs, org.mbrl4j.agent.ActMode.TRAIN, 300),
                    probed.act(obs, org.mbrl4j.agent.ActMode.TRAIN, 300), "acting after snapshots");
            AgentState sa = plain.state();
            AgentState sb = probed.state();
            assertEquals(sa.scalars(), sb.scalars(), "counters, running scale, optimizer steps");
            assertEquals(sa.tensors().size(), sb.tensors().size());
            for (int i = 0; i < sa.tensors().size(); i++) {
                TensorData ta = sa.tensors().get(i);
                assertEquals(ta.name(), sb.tensors().get(i).name());
                assertArrayEquals(ta.floats(), sb.tensors().get(i).floats(), ta.name());
            }
        }
    }

    @Test
    void anAgentWithoutAuxiliaryHeadsHasNoSnapshot() {
        TestRandom rnd = new TestRandom();
        Batch batch = PendulumData.randomEpisodes(rnd, 1).sample(B, H, new Rng(1, 1));
        try (Tdmpc2Agent agent = new Tdmpc2Agent(be, spec(1, "multi_gamma.enabled=false"))) {
            assertNull(agent.auxSnapshot(batch, AuxSnapshot.Tier.DEBUG, new Rng(1, 2)));
        }
    }

    /** The batch with a random half of its transitions marked terminal, so (1 − term) is exercised. */
    private static Batch withTerminations(Batch b, TestRandom rnd) {
        float[] term = new float[b.terminated().length];
        for (int i = 0; i < term.length; i++) {
            term[i] = rnd.nextInt(2);
        }
        return new Batch(b.length(), b.batchSize(), b.actionDim(), b.obs(), b.action(), b.reward(), term);
    }

    /** The auxiliary logits on z_0 = h(o_0), z_{t+1} = d(z_t, a_t), computed here step by step: [t] → (B, G, V). */
    private float[][] headLogits(WorldModel model, Batch batch) {
        float[][] out = new float[H][];
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass eval = new Pass(g, Mode.EVAL, new Rng(0, 0));
            Tensor obs = g.constant(batch.obs().f32(), H + 1, B, batch.obsDim());
            Tensor act = g.constant(batch.action(), H, B, batch.actionDim());
            Tensor z = model.encode(eval, g.view(LayoutFn.slice(g, obs, 0, 0, 1), B, batch.obsDim()));
            for (int t = 0; t < H; t++) {
                out[t] = be.toArray(model.aux().logits(eval, z));
                z = model.next(eval, z, g.view(LayoutFn.slice(g, act, 0, t, 1), B, batch.actionDim()));
            }
        }
        return out;
    }

    private static double[] softmax(float[] l, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, l[off + j]);
        }
        double[] p = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(l[off + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** two_hot_inv in float64: symexp(Σ_j softmax_j · center_j). */
    private static double decode(float[] l, int off, Bins bins) {
        double[] p = softmax(l, off, bins.numBins());
        double mean = 0;
        for (int j = 0; j < p.length; j++) {
            mean += p[j] * bins.center(j);
        }
        return Math.signum(mean) * Math.expm1(Math.abs(mean));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-4 * Math.max(1, Math.abs(expected)), what);
    }
}
