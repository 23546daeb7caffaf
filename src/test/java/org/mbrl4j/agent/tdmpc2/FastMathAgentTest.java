package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/**
 * TD-MPC2 on the CPU backend with {@code cpu_fast_math}: ten updates and acts give the same bits run
 * to run, and their losses stay close to the reference path's: the float side ops perturb each
 * result by about 1e-6 relative (docs/cpu-fast-math.md), measured 1e-7 and 1.3e-6 on the first update's losses
 * and up to 1.4e-6 after ten (two seeds); the tolerances, 1e-4 then 1e-3, leave room for Adam's early steps,
 * which can turn a tiny gradient's sign into a full learning-rate step.
 */
class FastMathAgentTest {
    private static final List<String> LOSSES = List.of("consistency_loss", "reward_loss", "value_loss", "pi_loss",
            "total_loss");

    @Test
    void tenUpdatesAndActsAreDeterministicAndCloseToTheReferencePath() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "mlp_dim=64", "latent_dim=64",
                "num_samples=64", "num_elites=8", "planner_num_seed_policy_trajectories=8", "iterations=2");
        Tdmpc2Spec spec = Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200);
        EpisodeBuffer buffer = org.mbrl4j.testing.PendulumData.randomEpisodes(rnd, 3);
        long samplerSeed = rnd.nextLong();
        List<Object> fast = trace(spec, buffer, samplerSeed, true);
        List<Object> again = trace(spec, buffer, samplerSeed, true);
        List<Object> reference = trace(spec, buffer, samplerSeed, false);
        String seed = ", seed " + rnd.seed();
        for (int i = 0; i < fast.size(); i++) {
            if (fast.get(i) instanceof float[] a) {
                assertArrayEquals(a, (float[]) again.get(i), "action " + i + seed);
                for (float v : a) {
                    assertTrue(v >= -1 && v <= 1, "action " + i + " in [-1, 1]" + seed);
                }
            } else {
                assertEquals(fast.get(i), again.get(i), "metrics " + i + seed);
            }
        }
        boolean anyDifference = false;
        for (int i = 0; i < fast.size(); i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Double> f = (Map<String, Double>) fast.get(i);
            @SuppressWarnings("unchecked")
            Map<String, Double> r = (Map<String, Double>) reference.get(i);
            // the first update sees the same parameters: only the forward/backward side ops differ
            double tolerance = i == 0 ? 1e-4 : 1e-3;
            double worst = 0;
            for (String k : LOSSES) {
                worst = Math.max(worst, Math.abs(f.get(k) - r.get(k)) / Math.max(Math.abs(r.get(k)), 1e-3));
            }
            System.out.printf("cpu_fast_math update %d: largest relative loss difference %.2e (tolerance %.0e)%n", i / 2,
                    worst, tolerance);
            for (String k : LOSSES) {
                double a = f.get(k);
                double b = r.get(k);
                anyDifference |= a != b;
                assertEquals(b, a, tolerance * Math.max(Math.abs(b), 1e-3), k + " at update " + i / 2 + seed);
            }
        }
        assertTrue(anyDifference, "cpu_fast_math changes the bits of the losses (else the key did not reach the ops)");
    }

    private static List<Object> trace(Tdmpc2Spec spec, EpisodeBuffer buffer, long samplerSeed, boolean fastMath) {
        List<Object> out = new ArrayList<>();
        Rng sampler = new Rng(samplerSeed, 2);
        try (Tdmpc2Agent agent = new Tdmpc2Agent(new CpuBackend(fastMath), spec)) {
            Observation obs = buffer.episode(0).obs().get(5);
            for (int i = 0; i < 10; i++) {
                out.add(agent.update(buffer.sample(16, 3, sampler)));
                out.add(agent.act(obs, ActMode.TRAIN, i));
            }
        }
        return out;
    }
}
