package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.PolicyPriorUpdate;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/** The policy-only pathway (docs/training-features.md#policy-only-updates) moves the policy and its optimizer only. */
class PolicyOnlyUpdateTest {

    @Test
    void aPolicyOnlyUpdateChangesOnlyThePolicyParametersAndThePolicyOptimizerState() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000));
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 2);
        try (var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
            agent.update(buffer.sample(16, 3, sampler)); // moments and targets away from their initial values
            AgentState before = agent.state();
            Map<String, Double> metrics = agent.policyPriorUpdate().orElseThrow()
                    .updatePolicy(buffer.sample(16, 3, sampler));
            AgentState after = agent.state();

            assertEquals(List.of("pi_only_pi_loss", "pi_only_pi_grad_norm", "pi_only_pi_entropy",
                    "pi_only_pi_scaled_entropy", "pi_only_pi_scale"), List.copyOf(metrics.keySet()));
            metrics.forEach((k, v) -> assertTrue(Double.isFinite(v), k + "=" + v));
            Map<String, TensorData> was = byName(before);
            int policyTensors = 0;
            for (TensorData t : after.tensors()) {
                boolean policy = t.name().startsWith("model." + WorldModel.PI + ".")
                        || t.name().startsWith("optim.pi.");
                boolean same = Arrays.equals(was.get(t.name()).floats(), t.floats());
                if (policy) {
                    policyTensors++;
                    assertFalse(same, t.name() + " did not move; seed " + rnd.seed());
                } else {
                    assertTrue(same, t.name() + " changed in a policy-only update; seed " + rnd.seed());
                }
            }
            assertTrue(policyTensors >= 6, "policy parameters and their two moments: " + policyTensors);
            assertEquals(before.scalars().get("optim.world.steps"), after.scalars().get("optim.world.steps"));
            assertEquals(Integer.parseInt(before.scalars().get("optim.pi.steps")) + 1,
                    Integer.parseInt(after.scalars().get("optim.pi.steps")));
        }
    }

    @Test
    void thePathwayPrefixesTheFullUpdatesPolicyMetricNames() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000));
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 1);
        Rng sampler = new Rng(rnd.nextLong(), 2);
        try (var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
            var full = agent.update(buffer.sample(16, 3, sampler)).keySet().stream()
                    .filter(k -> k.startsWith("pi_")).map(k -> PolicyPriorUpdate.METRIC_PREFIX + k).toList();
            var only = agent.policyPriorUpdate().orElseThrow().updatePolicy(buffer.sample(16, 3, sampler)).keySet();
            assertEquals(full, List.copyOf(only));
        }
    }

    private static Map<String, TensorData> byName(AgentState s) {
        return s.tensors().stream().collect(Collectors.toMap(TensorData::name, Function.identity()));
    }
}
