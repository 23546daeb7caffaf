package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mbrl export-buffer} and {@code mbrl train trainer=offline dataset=...} in-process. */
class CliExportBufferTest {
    @TempDir
    Path work;

    private String[] train(String... extra) {
        var args = new ArrayList<>(List.of("train", "device=cpu", "steps=200", "seed_steps=200", "eval_freq=100",
                "eval_episodes=1", "batch_size=16", "num_samples=16", "num_elites=4", "iterations=1",
                "planner_num_seed_policy_trajectories=2", "log_every=50", "work_dir=" + work));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void exportsTheReplayOfARunAndTrainsOfflineOnIt() {
        var online = CliHarness.run(train("exp_name=online"));
        assertEquals(0, online.exitCode(), online.err() + online.out());
        Path fin = work.resolve("pendulum/online/seed1/checkpoints/final.safetensors");
        Path data = work.resolve("data.safetensors");

        var export = CliHarness.run("export-buffer", fin.toString(), data.toString());
        assertEquals(0, export.exitCode(), export.err() + export.out());
        assertTrue(export.out().contains("dataset: " + data + ": 1 episode, 200 transitions of task pendulum"
                + " (observations f32[3], action size 1)"), export.out());

        var offline = CliHarness.run(train("exp_name=offline", "trainer=offline", "dataset=" + data, "steps=120"));
        assertEquals(0, offline.exitCode(), offline.err() + offline.out());
        assertTrue(offline.out().contains("offline: 1 episode (200 transitions) from " + data), offline.out());
        assertTrue(offline.out().contains("done: 120 iterations, 120 updates, 3 evaluations in "), offline.out());
        Path run = work.resolve("pendulum/offline/seed1");
        for (String f : List.of("config.yaml", "eval.csv", "train.csv", "checkpoints/final.safetensors")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
    }

    @Test
    void aMissingCheckpointOrBufferIsAUsageError() {
        var missing = CliHarness.run("export-buffer", work.resolve("none.safetensors").toString(),
                work.resolve("out.safetensors").toString());
        assertEquals(Main.EXIT_USAGE, missing.exitCode(), missing.err());
        var noData = CliHarness.run(train("trainer=offline", "dataset=" + work.resolve("none.safetensors")));
        assertEquals(Main.EXIT_USAGE, noData.exitCode(), noData.err());
        assertTrue(noData.err().contains("none.safetensors"), noData.err());
    }
}
