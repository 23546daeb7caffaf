package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.Observation;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;

import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/**
 * The same seed gives the same run, bit for bit: every draw is Philox, and the CPU backend's vector
 * code avoids operations whose results change when the JIT compiles them (see VectorMath). The first
 * agent runs mostly interpreted, the second mostly compiled.
 */
class DeterminismTest {

    @Test
    void twoAgentsWithTheSameSeedActAndLearnIdentically() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "num_samples=64", "num_elites=8",
                "planner_num_seed_policy_trajectories=8", "iterations=2", "planner_num_dynamics_heads=2");
        Tdmpc2Spec spec = Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200);
        EpisodeBuffer buffer = org.mbrl4j.testing.PendulumData.randomEpisodes(rnd, 3);
        long samplerSeed = rnd.nextLong();
        List<Object> first = trace(spec, buffer, samplerSeed);
        List<Object> second = trace(spec, buffer, samplerSeed);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i) instanceof float[] f) {
                assertArrayEquals(f, (float[]) second.get(i), "action " + i + ", seed " + rnd.seed());
            } else {
                assertEquals(first.get(i), second.get(i), "metrics " + i + ", seed " + rnd.seed());
            }
        }
    }

    private static List<Object> trace(Tdmpc2Spec spec, EpisodeBuffer buffer, long samplerSeed) {
        List<Object> out = new ArrayList<>();
        Rng sampler = new Rng(samplerSeed, 2);
        try (Tdmpc2Agent agent = new Tdmpc2Agent(new CpuBackend(), spec)) {
            Observation obs = buffer.episode(0).obs().get(5);
            for (int i = 0; i < 40; i++) {
                Map<String, Double> m = agent.update(buffer.sample(16, 3, sampler));
                out.add(m);
                out.add(agent.act(obs, ActMode.TRAIN, i));
            }
        }
        return out;
    }
}
