package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.io.SafeTensors;

/**
 * Evaluation draws from streams of its own (issue 8 finding 6): how often and how many episodes are
 * evaluated cannot change what training does; the final checkpoint is the model of the last eval.csv
 * row, so evaluating it again gives that row's returns exactly.
 */
class EvaluationStreamsTest {
    @TempDir
    Path work;

    record Update(long step, Map<String, Double> metrics) {}

    @Test
    void evalEpisodesAndEvalFreqDoNotChangeTraining() throws Exception {
        var a = new ArrayList<Update>();
        var b = new ArrayList<Update>();
        TrainResult ra = train(a, "exp_name=a", "eval_episodes=1", "eval_freq=200");
        TrainResult rb = train(b, "exp_name=b", "eval_episodes=3", "eval_freq=100");
        assertEquals(List.of(0L, 200L, 400L), ra.evals().stream().map(EvalResult::step).toList());
        assertEquals(List.of(0L, 200L, 400L), rb.evals().stream().map(EvalResult::step).toList(),
                "the flag at 100 runs at the boundary 200, the one at 300 merges with the final evaluation");
        assertEquals(3, rb.evals().getLast().returns().length);
        assertEquals(399, a.size(), "200 pretraining updates at step 200, then one per step to 399");
        assertEquals(a, b, "every update's metrics, whatever the evaluations");
        var ta = SafeTensors.read(ra.checkpoint().orElseThrow()).tensors();
        var tb = SafeTensors.read(rb.checkpoint().orElseThrow()).tensors();
        ta.forEach((name, t) -> assertArrayEquals(t.floats(), tb.get(name).floats(), name));
    }

    @Test
    void theFinalCheckpointEvaluatesToTheLastEvalRow() throws Exception {
        TrainResult r = train(new ArrayList<>(), "eval_episodes=3");
        EvalResult last = r.evals().getLast();
        assertEquals(400, last.step(), "the final evaluation runs at step == steps");
        Checkpoint ck = Checkpoint.read(r.checkpoint().orElseThrow());
        assertEquals(400, ck.trainer().step());
        var loaded = CheckpointConfig.load(ck, List.of());
        var run = loaded.config().run();
        RunSpec spec = RunSpec.of(run, TrainEnvs.make(run).spec());
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, spec, loaded.config())) {
            ck.restoreInto(agent, spec);
            long at = ck.trainer().step();
            double[] again = evaluate(agent, run, at, 3, 1);
            assertArrayEquals(last.returns(), again, "mbrl eval on final.safetensors repeats eval.csv (CPU: batch 1)");
            assertNotEquals(again[0], again[1], "each episode has its own reset seed");
            // one at a time, an episode's return does not depend on how many are evaluated
            assertArrayEquals(java.util.Arrays.copyOf(again, 2), evaluate(agent, run, at, 2, 1));
            // side by side (as on CUDA): reproducible, every episode planned in the one batch
            double[] together = evaluate(agent, run, at, 3, 3);
            assertArrayEquals(together, evaluate(agent, run, at, 3, 3));
            assertEquals(3, together.length);
        }
    }

    @Test
    void resumingACheckpointThatIsAlreadyAtStepsTrainsNothingAndWritesNothing() throws Exception {
        TrainResult r = train(new ArrayList<>(), "steps=200", "checkpoint_every=200");
        Checkpoint ck = Checkpoint.read(r.checkpoint().orElseThrow());
        Path latest = r.dir().checkpoint(RunDirectory.LATEST);
        assertEquals(200, Checkpoint.read(latest).trainer().step(), "latest is written after final at the end");
        byte[] evalCsv = java.nio.file.Files.readAllBytes(r.dir().evalCsv());
        byte[] fin = java.nio.file.Files.readAllBytes(ck.path());
        for (Path from : List.of(ck.path(), latest)) {
            Checkpoint c = Checkpoint.read(from);
            var again = TrainerFixture.train(CheckpointConfig.load(c, List.of("checkpoint=" + from)), Optional.of(c));
            assertTrue(again.console().contains("nothing to train: " + from + " is at agent step 200, and steps=200;"
                    + " set steps above 200 to train longer"), again.console());
            assertEquals(List.of(), again.result().evals());
        }
        assertArrayEquals(evalCsv, java.nio.file.Files.readAllBytes(r.dir().evalCsv()));
        assertArrayEquals(fin, java.nio.file.Files.readAllBytes(ck.path()));
    }

    private static double[] evaluate(org.mbrl4j.agent.Agent agent, org.mbrl4j.config.RunConfig run, long step,
            int episodes, int batch) {
        return new Evaluator(() -> TrainEnvs.make(run), run.seed(), episodes, run.actionRepeat(), batch)
                .evaluate(agent, step, new Evaluator.Listener() {}).returns();
    }

    private TrainResult train(List<Update> updates, String... extra) throws Exception {
        var options = OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)
                .withUpdateListener((s, m) -> updates.add(new Update(s, m)));
        return TrainerFixture.train(TrainerFixture.config(work, extra), Optional.empty(), options).result();
    }
}
