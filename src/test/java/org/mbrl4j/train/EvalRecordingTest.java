package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Recording evaluation episode 0 changes nothing that is evaluated: the returns are bit for bit those of
 * an evaluation without recording, on both paths (an eval actor, episodes one at a time), and the record
 * is the episode as played: replaying its actions from the same reset gives its observations and rewards.
 */
class EvalRecordingTest {
    @TempDir
    Path work;

    @Test
    void recordingLeavesTheReturnsOfAnEvalActorBitIdentical() {
        var loaded = TrainerFixture.config(work, "mpc=true");
        RunConfig run = loaded.config().run();
        RunSpec spec = RunSpec.of(run, TrainEnvs.make(run).spec());
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, spec, loaded.config())) {
            for (int batch : new int[] {1, 2}) {
                double[] plain = evaluator(run, 2, batch).evaluate(agent, 7, new Evaluator.Listener() {}).returns();
                Evaluator.Evaluation recorded = evaluator(run, 2, batch).evaluate(agent, 7,
                        new Evaluator.Listener() {}, true);
                assertArrayEquals(plain, recorded.result().returns(), "batch " + batch);
                RecordedEpisode episode = recorded.recorded().orElseThrow();
                assertEquals(TrainerFixture.EPISODE, episode.length());
                assertReplays(run, episode, plain[0]);
                assertTrue(evaluator(run, 2, batch).evaluate(agent, 7, new Evaluator.Listener() {}, false)
                        .recorded().isEmpty());
            }
        }
    }

    @Test
    void recordingLeavesTheReturnsOfOneAtATimeBitIdentical() {
        RunConfig run = TrainerFixture.config(work).config().run();
        Agent plainAgent = new ScriptedAgent(1, 3, Optional.empty());
        ScriptedAgent recordingAgent = new ScriptedAgent(1, 3, Optional.empty());
        double[] plain = evaluator(run, 2, 1).evaluate(plainAgent, 0, new Evaluator.Listener() {}).returns();
        Evaluator.Evaluation recorded = evaluator(run, 2, 1).evaluate(recordingAgent, 0, new Evaluator.Listener() {},
                true);
        assertArrayEquals(plain, recorded.result().returns());
        RecordedEpisode episode = recorded.recorded().orElseThrow();
        assertEquals(TrainerFixture.EPISODE, episode.length());
        for (int t = 0; t < episode.length(); t++) {
            assertArrayEquals(recordingAgent.actions.get(t), episode.actions().get(t), "episode 0's action " + t);
        }
        assertReplays(run, episode, plain[0]);
    }

    private static Evaluator evaluator(RunConfig run, int episodes, int batch) {
        return new Evaluator(() -> TrainEnvs.make(run), run.seed(), episodes, run.actionRepeat(), batch);
    }

    /** Episode 0 replayed from its reset with the recorded actions: the same observations, rewards and return. */
    private static void assertReplays(RunConfig run, RecordedEpisode episode, double episodeReturn) {
        Env env = TrainEnvs.make(run);
        Observation obs = env.reset(EpisodeSeeds.eval(run.seed(), 0));
        assertEquals(obs, episode.observations().get(0));
        double total = 0;
        for (int t = 0; t < episode.length(); t++) {
            Step s = env.step(episode.actions().get(t));
            assertEquals(s.observation(), episode.observations().get(t + 1), "observation " + (t + 1));
            assertEquals((float) s.reward(), episode.rewards()[t], "reward " + t);
            assertEquals(t == episode.length() - 1, s.done());
            total += s.reward();
        }
        assertEquals(episodeReturn, total, "the return of episode 0");
    }
}
