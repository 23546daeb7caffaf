package org.mbrl4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

class InitTest {
    private final CpuBackend be = new CpuBackend();

    @Test
    void truncatedNormalHasTheReferenceStdAndBounds() {
        TestRandom rnd = new TestRandom();
        int n = 200_000;
        float[] v = new float[n];
        Init.TruncatedNormal tight = new Init.TruncatedNormal(1f, -1.5f, 1.5f);
        tight.fill(v, 1, new Rng(rnd.nextLong(), 0));
        double sum = 0, sq = 0;
        for (float x : v) {
            assertTrue(x >= -1.5f && x <= 1.5f, "sample " + x + " outside [-1.5, 1.5], seed " + rnd.seed());
            sum += x;
            sq += x * x;
        }
        // A standard normal truncated to ±1.5 has variance 1 - 2·1.5·φ(1.5)/(2Φ(1.5) - 1) = 0.6157.
        double phi = Math.exp(-1.125) / Math.sqrt(2 * Math.PI);
        double mass = 0.8663855974622838; // 2Φ(1.5) - 1
        double expectedVar = 1 - 2 * 1.5 * phi / mass;
        double var = sq / n - (sum / n) * (sum / n);
        assertEquals(0, sum / n, 5 * Math.sqrt(expectedVar / n), "mean, seed " + rnd.seed());
        assertEquals(expectedVar, var, 0.01, "variance, seed " + rnd.seed());

        Init.TruncatedNormal.TDMPC2.fill(v, 1, new Rng(rnd.nextLong(), 1));
        double s2 = 0;
        for (float x : v) {
            s2 += x * x;
        }
        assertEquals(0.02, Math.sqrt(s2 / n), 0.02 * 0.01, "TD-MPC2 init std, seed " + rnd.seed());
    }

    @Test
    void mlpNamesLayersLikeTheReferenceAndZeroesOnlyTheFinalWeight() {
        Parameters params = new Parameters(be, new Rng(7, 0));
        new Mlp(params.scope("reward"), 6, new int[] {8, 8}, 5, null, 8, 0f, true, 0);
        assertEquals(java.util.List.of("reward.0.weight", "reward.0.bias", "reward.0.ln.weight", "reward.0.ln.bias",
                "reward.1.weight", "reward.1.bias", "reward.1.ln.weight", "reward.1.ln.bias", "reward.2.weight",
                "reward.2.bias"), java.util.List.copyOf(params.asMap().keySet()));
        for (float x : be.toArray(params.get("reward.2.weight"))) {
            assertEquals(0f, x);
        }
        for (float x : be.toArray(params.get("reward.0.ln.weight"))) {
            assertEquals(1f, x);
        }
        float[] w0 = be.toArray(params.get("reward.0.weight"));
        double sq = 0;
        for (float x : w0) {
            sq += x * x;
        }
        assertTrue(sq > 0, "hidden weights must not be zero");
        assertEquals(6 * 8 + 8 + 8 + 8 + 8 * 8 + 8 + 8 + 8 + 8 * 5 + 5, params.count("reward"));
    }

    @Test
    void ensembleMlpStacksHeadsAndSimNormOutputNeedsDivisibleWidth() {
        Parameters params = new Parameters(be, new Rng(7, 0));
        new Mlp(params.scope("q"), 10, new int[] {16}, 4, null, 8, 0.01f, true, 5);
        assertEquals(java.util.List.of(5, 16, 10),
                java.util.Arrays.stream(params.get("q.0.weight").shape()).boxed().toList());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Mlp(params.scope("enc"), 3, new int[] {8}, 12, Activation.SIMNORM, 8, 0f, false, 0));
        assertTrue(e.getMessage().contains("simnorm_dim=8"), e.getMessage());
    }
}
