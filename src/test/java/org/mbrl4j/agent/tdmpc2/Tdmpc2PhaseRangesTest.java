package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.RangeRecordingBackend;
import org.mbrl4j.testing.RangeRecordingBackend.InjectedFailure;
import org.mbrl4j.testing.TestRandom;

/**
 * The profiler ranges of act, plan and update (agent.PhaseRanges): their exact names, order and nesting,
 * balanced when an exception leaves a range, and not one number changed by recording them.
 */
class Tdmpc2PhaseRangesTest {
    private static final String PLAN_TWO_ITERATIONS = """
              plan
                warm_start
                policy_seeds
                iteration 0
                  sample
                  rollout
                  score
                  refit
                iteration 1
                  sample
                  rollout
                  score
                  refit
                choose
            """;
    private static final String ACT = "act\n  encode\n" + PLAN_TWO_ITERATIONS;
    private static final String UPDATE = """
            update
              td_target
              world_model_loss
              world_model_backward
              world_model_optimizer
              policy
                policy_loss
                policy_backward
                policy_optimizer
              target_update
            """;

    private final TestRandom rnd = new TestRandom();
    private final MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "num_samples=16",
            "num_elites=4", "iterations=2", "planner_num_seed_policy_trajectories=2");
    private final EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
    private final Observation obs = buffer.episode(0).obs().get(3);

    @Test
    void actPlanAndUpdateOpenTheDocumentedRangesAndComputeExactlyWhatTheyComputeUnrecorded() {
        long samplerSeed = rnd.nextLong();
        RangeRecordingBackend recording = new RangeRecordingBackend(new CpuBackend());
        try (var plain = agent(new CpuBackend(), cfg); var recorded = agent(recording, cfg)) {
            Rng plainSampler = new Rng(samplerSeed, 2);
            Rng recordedSampler = new Rng(samplerSeed, 2);
            for (long step = 0; step < 2; step++) {
                for (ActMode mode : ActMode.values()) {
                    float[] expected = plain.act(obs, mode, step);
                    float[] actual = recorded.act(obs, mode, step);
                    assertArrayEquals(expected, actual, mode + " step " + step + "; seed " + rnd.seed());
                    assertEquals(ACT, recording.tree(), mode + " step " + step);
                    assertEquals(List.of(), recording.openRanges());
                    recording.clear();
                }
                Map<String, Double> expected = plain.update(buffer.sample(16, 3, plainSampler));
                Map<String, Double> actual = recorded.update(buffer.sample(16, 3, recordedSampler));
                assertEquals(expected, actual, "update " + step + "; seed " + rnd.seed());
                assertEquals(UPDATE, recording.tree());
                assertEquals(List.of(), recording.openRanges());
                recording.clear();
            }
            assertSameState(plain.state(), recorded.state());
        }
    }

    @Test
    void theRangesPopInStackOrderPushForPush() {
        RangeRecordingBackend recording = new RangeRecordingBackend(new CpuBackend());
        try (var agent = agent(recording, cfg)) {
            agent.update(buffer.sample(16, 3, new Rng(rnd.nextLong(), 2)));
            assertEquals(List.of("+update", "+td_target", "-td_target", "+world_model_loss", "-world_model_loss",
                    "+world_model_backward", "-world_model_backward", "+world_model_optimizer",
                    "-world_model_optimizer", "+policy", "+policy_loss", "-policy_loss", "+policy_backward",
                    "-policy_backward", "+policy_optimizer", "-policy_optimizer", "-policy", "+target_update",
                    "-target_update", "-update"), recording.events());
        }
    }

    @Test
    void withoutMpcThePolicyPriorActsInsideAct() {
        RangeRecordingBackend recording = new RangeRecordingBackend(new CpuBackend());
        MbrlConfig noMpc = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "mpc=false");
        try (var agent = agent(recording, noMpc)) {
            agent.act(obs, ActMode.TRAIN, 0);
            assertEquals("act\n  encode\n  policy_prior\n", recording.tree());
            assertEquals(List.of(), recording.openRanges());
        }
    }

    @Test
    void anExceptionInsideANestedRangePopsEveryRangeItLeaves() {
        RangeRecordingBackend recording = new RangeRecordingBackend(new CpuBackend());
        try (var agent = agent(recording, cfg)) {
            recording.failInside("choose");
            assertThrows(InjectedFailure.class, () -> agent.act(obs, ActMode.TRAIN, 0));
            assertEquals(ACT, recording.tree());
            assertEquals(List.of("-choose", "-plan", "-act"), recording.events().subList(recording.events().size() - 3,
                    recording.events().size()));
            assertEquals(List.of(), recording.openRanges());
            recording.clear();

            recording.failInside("policy_loss");
            assertThrows(InjectedFailure.class, () -> agent.update(buffer.sample(16, 3, new Rng(rnd.nextLong(), 2))));
            assertEquals("update\n  td_target\n  world_model_loss\n  world_model_backward\n  world_model_optimizer\n"
                    + "  policy\n    policy_loss\n", recording.tree());
            assertEquals(List.of("-policy_loss", "-policy", "-update"), recording.events().subList(
                    recording.events().size() - 3, recording.events().size()));
            assertEquals(List.of(), recording.openRanges());
        }
    }

    @Test
    void aDivergedUpdateStopsInsideTheWorldOptimizerRangeAndClosesItsRanges() {
        RangeRecordingBackend recording = new RangeRecordingBackend(new CpuBackend());
        MbrlConfig diverging = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "consistency_coef=1e30");
        try (var agent = agent(recording, diverging)) {
            assertThrows(DivergedException.class, () -> agent.update(buffer.sample(16, 3, new Rng(rnd.nextLong(), 2))));
            assertEquals("update\n  td_target\n  world_model_loss\n  world_model_backward\n  world_model_optimizer\n",
                    recording.tree());
            assertEquals(List.of(), recording.openRanges());
        }
    }

    private static Tdmpc2Agent agent(org.mbrl4j.backend.Backend backend, MbrlConfig config) {
        return new Tdmpc2Agent(backend, Tdmpc2Specs.of(config, "pendulum", PendulumData.OBS_DIM,
                PendulumData.ACTION_DIM, 200));
    }

    private static void assertSameState(AgentState expected, AgentState actual) {
        assertEquals(expected.tensors().size(), actual.tensors().size());
        for (int i = 0; i < expected.tensors().size(); i++) {
            TensorData e = expected.tensors().get(i);
            TensorData a = actual.tensors().get(i);
            assertEquals(e.name(), a.name());
            assertArrayEquals(e.floats(), a.floats(), e.name());
        }
        assertEquals(expected.scalars(), actual.scalars());
        assertTrue(expected.tensors().size() > 10, "the state holds the model, targets and optimizer moments");
    }
}
