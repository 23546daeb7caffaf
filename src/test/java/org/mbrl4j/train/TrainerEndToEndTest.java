package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.ConfigSchema;

/** A short real run writes every log with the documented columns, finite values, a PNG and checkpoints. */
class TrainerEndToEndTest {
    @TempDir
    Path work;

    @Test
    void shortRunWritesLogsPlotAndCheckpoint() throws Exception {
        var config = TrainerFixture.config(work, "checkpoint_every=200");
        var run = TrainerFixture.train(config);
        RunDirectory dir = run.result().dir();
        assertEquals(work.resolve("pendulum/default/seed1"), dir.root());

        List<String> eval = Files.readAllLines(dir.evalCsv());
        assertEquals(List.of("step", "episode_reward", "episode_reward_std"), List.of(eval.get(0).split(",")));
        assertEquals(List.of(0L, 200L, 400L), eval.stream().skip(1).map(l -> Long.parseLong(l.split(",")[0])).toList());
        for (String row : eval.subList(1, eval.size())) {
            double r = Double.parseDouble(row.split(",")[1]);
            assertTrue(Double.isFinite(r) && r < 0 && r > -2000, "a Pendulum return of 200 steps: " + row);
            double std = Double.parseDouble(row.split(",")[2]);
            assertTrue(Double.isFinite(std) && std >= 0, "the std over the evaluation's episodes: " + row);
        }

        List<String> train = Files.readAllLines(dir.trainCsv());
        List<String> header = List.of(train.get(0).split(","));
        assertEquals(List.of("step", "env_step", "updates"), header.subList(0, 3));
        assertEquals(List.of("episode_reward", "steps_per_second", "elapsed_s", "cpu_s"),
                header.subList(header.size() - 4, header.size()));
        for (String metric : List.of("consistency_loss", "reward_loss", "value_loss", "total_loss", "grad_norm",
                "pi_loss", "pi_grad_norm", "pi_entropy", "pi_scaled_entropy", "pi_scale")) {
            assertTrue(header.contains(metric), metric + " in " + header);
        }
        // rows every log_every=100 steps once updates start at seed_steps=200, and the last step's (399)
        assertEquals(List.of("200", "300", "399"), train.stream().skip(1).map(l -> l.split(",")[0]).toList());
        assertEquals(List.of("200", "300", "399"), train.stream().skip(1).map(l -> l.split(",")[2]).toList(),
                "updates: 200 pretraining updates at step 200, then one per step");
        for (String row : train.subList(1, train.size())) {
            String[] cells = row.split(",", -1);
            assertEquals(header.size(), cells.length, row);
            for (String c : cells) {
                double v = Double.parseDouble(c);
                assertTrue(Double.isFinite(v), "finite cell in " + row);
            }
        }

        var png = ImageIO.read(dir.evalPng().toFile());
        assertEquals(EvalCurvePlot.DEFAULT_WIDTH, png.getWidth());
        assertEquals(EvalCurvePlot.DEFAULT_HEIGHT, png.getHeight());

        Checkpoint fin = Checkpoint.read(dir.checkpoint(RunDirectory.FINAL));
        assertEquals(400, fin.trainer().step(), "steps=400: agent steps 0..399");
        assertEquals(run.result().updates(), fin.trainer().updates());
        assertEquals("pendulum", fin.envName());
        assertTrue(Files.exists(BufferFile.of(Checkpoint.read(dir.checkpoint(RunDirectory.FINAL)))));
        Checkpoint latest = Checkpoint.read(dir.checkpoint(RunDirectory.LATEST));
        assertEquals(400, latest.trainer().step(), "checkpoint_every=200: the last one at the boundary of step 400");
        // the agent's planner statistics (docs/planner.md#log-keys), means per train.csv row and per evaluation
        List<String> planner = Files.readAllLines(dir.plannerJsonl());
        // eval records at 0, 200 and the final 400; train records at 300 and 399 (the agent acts from step 201)
        assertEquals(3 + 2, planner.size(), planner.toString());
        for (String line : planner) {
            var record = JsonlLog.JSON.readTree(line);
            assertTrue(Double.isFinite(record.get("planner/value_chosen").asDouble()), line);
            assertEquals(4.0, record.get("planner/num_elites").asDouble(), line);
        }
        assertEquals(3, planner.stream().filter(l -> l.contains("\"category\":\"eval\"")).count());

        // config.yaml reloads to the very config of the run
        var reloaded = Config.load(Optional.of(dir.configYaml()), List.of()).config();
        assertEquals(config.config(), reloaded);
        assertTrue(run.console().contains("parameters: encoder "), run.console());
        assertTrue(run.console().contains("pretraining: 200 updates on 1 episode (200 transitions)"), run.console());
    }

    @Test
    void aSecondFreshRunIntoTheSameDirectoryIsRefusedWithoutSuggestingACheckpointThatDoesNotExist() throws Exception {
        var config = TrainerFixture.config(work, "steps=200", "save_agent=false");
        TrainerFixture.train(config);
        var e = org.junit.jupiter.api.Assertions.assertThrows(TrainException.class, () -> TrainerFixture.train(config));
        assertTrue(e.getMessage().contains("already holds the files of an earlier run"), e.getMessage());
        assertFalse(e.getMessage().contains("checkpoint="), "no checkpoint was written: " + e.getMessage());
        assertTrue(e.getMessage().contains("\n  1. replace it: add overwrite=true"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  2. keep it and start a new run beside it: add run_dir=auto"),
                e.getMessage());
    }

    @Test
    void everyConfigKeyIsInConfigYaml() throws Exception {
        String yaml = ConfigYaml.render(TrainerFixture.config(work, "exp_name=a.b-c", "work_dir='/tmp/x: y #q'")
                .config(), "header");
        for (var key : ConfigSchema.keys()) {
            assertTrue(yaml.contains(key.property() + ": "), key.name());
        }
        assertTrue(yaml.contains("work_dir: \"/tmp/x: y #q\""), yaml);
        Path file = work.resolve("c.yaml");
        Files.writeString(file, yaml);
        var back = Config.load(Optional.of(file), List.of()).config();
        assertEquals("/tmp/x: y #q", back.run().workDir());
        assertEquals(TrainerFixture.config(work, "exp_name=a.b-c", "work_dir='/tmp/x: y #q'").config(), back);
        assertTrue(Arrays.stream(yaml.split("\n")).anyMatch(l -> l.equals("multi_gamma:")), yaml);
    }
}
