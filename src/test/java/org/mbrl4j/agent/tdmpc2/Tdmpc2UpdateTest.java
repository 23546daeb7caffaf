package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.Config;

import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

class Tdmpc2UpdateTest {
    private final CpuBackend be = new CpuBackend();

    static MbrlConfig tinyConfig(String... overrides) {
        List<String> o = new ArrayList<>(List.of("enc_dim=32", "mlp_dim=32", "latent_dim=16",
                "num_q=3", "batch_size=16", "horizon=3"));
        o.addAll(List.of(overrides));
        return Config.load(java.util.Optional.empty(), o).config();
    }

    @Test
    void tdTargetIsRewardPlusDiscountedMinOfTwoRandomTargetHeads() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = tinyConfig("seed=" + rnd.nextInt(1000));
        Tdmpc2Spec spec = Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200);
        WorldModel model = new WorldModel(be, ModelDims.of(cfg.tdmpc2(), false, 3, 1), rnd.nextLong());
        Bins bins = model.dims().bins();
        int e = model.dims().numQ();
        int k = bins.numBins();
        // The final Q weights are zero-initialised, so each target head's logits equal its bias: peak head q
        // at bin j_q and its decoded value is symexp(center(j_q)).
        Tensor bias = model.targetParams().get("q.2.bias");
        float[] b = new float[e * k];
        double[] values = new double[e];
        for (int q = 0; q < e; q++) {
            int j = rnd.nextInt(40, 61);
            b[q * k + j] = 40f;
            values[q] = Math.signum(bins.center(j)) * Math.expm1(Math.abs(bins.center(j)));
        }
        be.upload(b, 0, bias);
        long seed = rnd.nextLong();
        Rng rng = new Rng(seed, 9);
        Rng replay = new Rng(seed, 9);
        Tdmpc2Update update = new Tdmpc2Update(model, spec, rng, new Rng(seed, 10));
        int h = 3;
        int n = 5;
        float[] r = rnd.floats(h * n, -2, 2);
        float[] term = new float[h * n];
        for (int i = 0; i < term.length; i++) {
            term[i] = rnd.nextInt(2);
        }
        float[] td;
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Tensor nextZ = rnd.uniform(be, false, 0, 1, h, n, 16);
            td = be.toArray(update.tdTarget(g, nextZ, g.constant(r, h, n), g.constant(term, h, n)));
        }
        replay.reserve((long) h * n); // the policy's eps draw precedes the pair draw
        int[] perm = replay.permutation(e);
        double q = Math.min(values[perm[0]], values[perm[1]]);
        for (int i = 0; i < h * n; i++) {
            double expected = r[i] + spec.discount() * (1 - term[i]) * q;
            assertEquals(expected, td[i], 1e-4 * Math.max(1, Math.abs(expected)),
                    "td[" + i + "] with heads " + perm[0] + "," + perm[1] + ", seed " + rnd.seed());
        }
    }

    @Test
    void updatesOnPendulumDataStayFiniteAndReduceTheModelLosses() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = tinyConfig("seed=" + rnd.nextInt(1000), "planner_num_dynamics_heads=2");
        Env env = Envs.make("pendulum");
        Tdmpc2Spec spec = Tdmpc2Specs.of(cfg, "pendulum", env.spec().observationDim(), env.spec().actionDim(),
                env.spec().maxEpisodeSteps());
        EpisodeBuffer buffer = org.mbrl4j.testing.PendulumData.randomEpisodes(rnd, 5);
        try (Tdmpc2Agent agent = new Tdmpc2Agent(be, spec)) {
            Rng sampler = new Rng(rnd.nextLong(), 2);
            List<Map<String, Double>> history = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Map<String, Double> m = agent.update(buffer.sample(16, 3, sampler));
                for (var e : m.entrySet()) {
                    assertTrue(Double.isFinite(e.getValue()), e.getKey() + " = " + e.getValue() + " at update " + i
                            + ", seed " + rnd.seed());
                }
                history.add(m);
            }
            for (String key : List.of("consistency_loss", "reward_loss", "value_loss", "extra_dynamics_loss")) {
                double first = history.subList(0, 20).stream().mapToDouble(m -> m.get(key)).average().orElseThrow();
                double last = history.subList(280, 300).stream().mapToDouble(m -> m.get(key)).average().orElseThrow();
                System.out.printf("update: %s %.4f -> %.4f%n", key, first, last);
                assertTrue(last < first, key + " did not fall: " + first + " -> " + last + ", seed " + rnd.seed());
            }
        }
    }
}
