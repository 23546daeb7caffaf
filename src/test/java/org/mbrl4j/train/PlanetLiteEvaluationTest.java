package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.io.SafeTensors;

/**
 * PlaNet-lite evaluates from streams of its own (its eval actor): an evaluation between training steps
 * changes nothing training does afterwards (the same updates, actions and final model with and without
 * it), and the same agent at the same step evaluates the same, one at a time or side by side.
 */
class PlanetLiteEvaluationTest {
    @TempDir
    Path work;

    record Update(long step, Map<String, Double> metrics) {}

    private LoadedConfig config(String... extra) {
        var o = new ArrayList<>(List.of("algorithm=planet-lite", "device=cpu", "seed=5", "seed_steps=200",
                "steps=400", "log_every=50", "planet_lite.hidden_dim=16", "planet_lite.batch_size=4",
                "planet_lite.sequence_length=10", "planet_lite.iteration_steps=50",
                "planet_lite.updates_per_iteration=5", "planet_lite.horizon=3", "planet_lite.candidates=24",
                "planet_lite.elites=4", "planet_lite.iterations=2", "work_dir=" + work));
        o.addAll(List.of(extra));
        return Config.load(Optional.empty(), o);
    }

    @Test
    void trainingAfterAnEvaluationIsTheSameWithoutIt() throws Exception {
        var out = new PrintWriter(new StringWriter());
        var without = new ArrayList<Update>();
        var with = new ArrayList<Update>();
        TrainResult a = TrainerFixture.train(config("exp_name=a", "eval_freq=100000", "eval_episodes=1"),
                Optional.empty(), OnlineTrainer.Options.of(out, false)
                        .withUpdateListener((s, m) -> without.add(new Update(s, m)))).result();
        TrainResult b = TrainerFixture.train(config("exp_name=b", "eval_freq=200", "eval_episodes=2"),
                Optional.empty(), OnlineTrainer.Options.of(out, false)
                        .withUpdateListener((s, m) -> with.add(new Update(s, m)))).result();
        assertEquals(List.of(0L, 400L), a.evals().stream().map(EvalResult::step).toList());
        assertEquals(List.of(0L, 200L, 400L), b.evals().stream().map(EvalResult::step).toList(),
                "an evaluation at step 200, before the first planned training action");
        assertEquals(15, without.size(), "5 updates after each iteration ending at steps 250, 300, 350");
        assertEquals(without, with, "every update's metrics, whatever the evaluations");
        var ta = SafeTensors.read(a.checkpoint().orElseThrow());
        var tb = SafeTensors.read(b.checkpoint().orElseThrow());
        ta.tensors().forEach((name, t) -> assertArrayEquals(t.floats(), tb.tensors().get(name).floats(), name));
        assertEquals(ta.metadata().get("agent.rng.planner"), tb.metadata().get("agent.rng.planner"),
                "the training planner's stream is where it would be without evaluations");
        assertEquals(a.evals().getLast().returns()[0], b.evals().getLast().returns()[0],
                "the final evaluation's episode 0: the same model, the same eval stream");
    }

    @Test
    void theSameAgentAtTheSameStepEvaluatesTheSame() {
        LoadedConfig loaded = config("eval_episodes=2");
        RunConfig run = loaded.config().run();
        RunSpec spec = RunSpec.of(run, TrainEnvs.make(run).spec());
        try (var backend = new CpuBackend(); Agent agent = Agents.create(backend, spec, loaded.config())) {
            String before = agent.state().scalars().toString();
            double[] one = evaluate(agent, run, 9, 1);
            assertArrayEquals(one, evaluate(agent, run, 9, 1));
            assertEquals(before, agent.state().scalars().toString(), "the agent's streams did not move");
            double[] sideBySide = evaluate(agent, run, 9, 2);
            assertArrayEquals(sideBySide, evaluate(agent, run, 9, 2), "two episodes in one batched plan");
            assertNotEquals(one[0], evaluate(agent, run, 10, 1)[0], "another step, other draws");
        }
    }

    private static double[] evaluate(Agent agent, RunConfig run, long step, int batch) {
        return new Evaluator(() -> TrainEnvs.make(run), run.seed(), 2, run.actionRepeat(), batch)
                .evaluate(agent, step, new Evaluator.Listener() {}).returns();
    }
}
