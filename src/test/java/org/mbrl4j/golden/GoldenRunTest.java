package org.mbrl4j.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.Config;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.CheckpointConfig;
import org.mbrl4j.train.Evaluator;
import org.mbrl4j.train.OnlineTrainer;
import org.mbrl4j.train.TrainEnvs;
import org.mbrl4j.train.RunDirectory;

/**
 * TD-MPC2 computes today exactly what it computed when the fixture was recorded: two short runs
 * ({@code src/test/resources/golden/tdmpc2/README.md}: version 2, recorded when evaluation got its own
 * streams and step counts became exact) are replayed and their logs compared value for value (timing
 * columns aside); a checkpoint of the first format still loads and evaluates to its recorded returns.
 */
class GoldenRunTest {
    static final String ROOT = "/golden/tdmpc2/";

    /** The recording's overrides, with the planner defaults of that commit set explicitly. */
    static final List<String> COMMON = List.of("device=cpu", "model_size=null", "num_enc_layers=2", "enc_dim=32",
            "mlp_dim=32", "latent_dim=16", "num_q=2", "batch_size=16", "num_samples=32", "num_elites=4",
            "iterations=2", "planner_num_seed_policy_trajectories=4", "steps=600", "seed_steps=200",
            "eval_freq=200", "eval_episodes=2", "log_every=50", "planner_temperature_train=0.5",
            "planner_temperature_eval=0.5", "planner_warm_start=copy", "seed=7");

    static final List<String> HEADS = List.of("planner_num_dynamics_heads=3", "planner_lambda_disagreement=0.1",
            "multi_gamma.enabled=true", "multi_gamma.gammas=[0.975,0.95]", "log_detailed_every=100");

    /** train.csv columns that measure time, not computation. */
    static final Set<String> TIMING = Set.of("steps_per_second", "elapsed_s", "cpu_s");

    @TempDir
    Path work;

    @Test
    void baselineRunIsUnchanged() throws Exception {
        RunDirectory dir = replay(List.of());
        compareExactly("baseline/eval.csv", dir.evalCsv());
        compareExactly("baseline/planner.jsonl", dir.plannerJsonl());
        compareTrainCsv("baseline/train.csv", dir.trainCsv());
    }

    @Test
    void headsAndMultiGammaRunIsUnchanged() throws Exception {
        RunDirectory dir = replay(HEADS);
        compareExactly("heads/eval.csv", dir.evalCsv());
        compareExactly("heads/planner.jsonl", dir.plannerJsonl());
        compareExactly("heads/multi_gamma.jsonl", dir.root().resolve("multi_gamma.jsonl"));
        compareTrainCsv("heads/train.csv", dir.trainCsv());
    }

    /** A checkpoint written before the redesign loads, and its agent evaluates to the recorded returns. */
    @Test
    void checkpointOfTheOldFormatLoadsAndActsAsBefore() throws Exception {
        Path file = work.resolve("final.safetensors");
        for (String name : List.of("final.safetensors", "final.buffer.safetensors")) {
            try (InputStream in = GoldenRunTest.class.getResourceAsStream(ROOT + "checkpoint-v1/" + name)) {
                Files.copy(in, work.resolve(name));
            }
        }
        List<Double> want = resourceLines("checkpoint-v1/eval-returns.txt").stream().map(Double::parseDouble).toList();
        Checkpoint ck = Checkpoint.read(file);
        var loaded = CheckpointConfig.load(ck, List.of());
        var run = loaded.config().run();
        var env = TrainEnvs.make(run);
        RunSpec spec = RunSpec.of(run, env.spec());
        var got = new ArrayList<Double>();
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, spec, loaded.config())) {
            ck.restoreInto(agent, spec);
            new Evaluator(() -> TrainEnvs.make(run), run.seed(), want.size(), run.actionRepeat(), 1).evaluate(agent,
                    ck.trainer().step(), new Evaluator.Listener() {
                        @Override
                        public void episodeEnded(int episode, double episodeReturn, int done) {
                            got.add(episodeReturn);
                        }
                    });
        }
        assertEquals(want, got);
    }

    private RunDirectory replay(List<String> extra) throws Exception {
        var overrides = new ArrayList<>(COMMON);
        overrides.addAll(extra);
        overrides.add("work_dir=" + work);
        var loaded = Config.load(Optional.empty(), overrides);
        var out = new PrintWriter(new StringWriter());
        try (var backend = new CpuBackend();
                var trainer = new OnlineTrainer(loaded, backend, Optional.empty(), OnlineTrainer.Options.of(out, false))) {
            return trainer.run().dir();
        }
    }

    static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = GoldenRunTest.class.getResourceAsStream(ROOT + name)) {
            assertTrue(in != null, "fixture " + ROOT + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static void compareExactly(String fixture, Path actual) throws IOException {
        List<String> want = resourceLines(fixture);
        List<String> got = Files.readAllLines(actual);
        assertEquals(want.size(), got.size(), fixture + ": line count");
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), fixture + " line " + (i + 1));
        }
    }

    /**
     * The fixture's columns ({@code step,episode_reward}), by name, value for value; the
     * {@code episode_reward_std} column added since is present and finite.
     */
    /** Every non-timing column of the fixture, by name, value for value. */
    private static void compareTrainCsv(String fixture, Path actual) throws IOException {
        List<String> want = resourceLines(fixture);
        List<String> got = Files.readAllLines(actual);
        assertEquals(want.size(), got.size(), fixture + ": row count");
        List<String> wantHeader = Arrays.asList(want.get(0).split(","));
        List<String> gotHeader = Arrays.asList(got.get(0).split(","));
        int compared = 0;
        for (int c = 0; c < wantHeader.size(); c++) {
            String column = wantHeader.get(c);
            if (TIMING.contains(column)) {
                continue;
            }
            int g = gotHeader.indexOf(column);
            assertTrue(g >= 0, fixture + ": column " + column + " is gone from " + gotHeader);
            for (int r = 1; r < want.size(); r++) {
                assertEquals(want.get(r).split(",", -1)[c], got.get(r).split(",", -1)[g],
                        fixture + " row " + r + " column " + column);
                compared++;
            }
        }
        assertTrue(compared > 100, "compared " + compared + " cells");
    }
}
