package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheResolvedTable() {
        var r = CliHarness.run("config", "batch_size=128", "multi_gamma.gammas=[0.99,0.97]");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\nconfig: configs/default.yaml (embedded) + 2 overrides\n"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\| batch_size +\\| 128 +\\| override +\\|")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\| task +\\| pendulum +\\| default +\\|")), r.out());
        assertEquals("", r.err());
    }

    @Test
    void readsAFileThenOverrides() throws Exception {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, "horizon: 5\nnum_samples: 256\n");
        var r = CliHarness.run("config", file.toString(), "horizon=4");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(" + " + file + " + 1 override"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\| num_samples +\\| 256 +\\| file +\\|")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\| horizon +\\| 4 +\\| override +\\|")), r.out());
    }

    @Test
    void warningsGoToStderr() {
        var r = CliHarness.run("config", "multi_gamma.enabled=true", "multi_gamma.gammas=[0.99]");
        assertEquals(0, r.exitCode());
        assertTrue(r.err().startsWith("warning: multi_gamma.gammas=[0.99] has only the primary discount"), r.err());
    }

    @Test
    void invalidConfigExitsWithCode2AndListsEveryError() {
        var r = CliHarness.run("config", "batch_size=abc", "bach_size=3", "rho=1.5");
        assertEquals(Main.EXIT_USAGE, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("3 config errors:"), r.err());
        assertTrue(r.err().contains("batch_size=abc: expected an integer [command line]"), r.err());
        assertTrue(r.err().contains("unknown key 'bach_size' (did you mean 'batch_size'?)"), r.err());
        assertTrue(r.err().contains("rho=1.5: must be in (0, 1]"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for user errors:\n" + r.err());
    }

    @Test
    void aKeyWithoutValueOrTwoFilesAreUsageErrors() {
        var key = CliHarness.run("config", "batch_size");
        assertEquals(Main.EXIT_USAGE, key.exitCode());
        assertTrue(key.err().contains("'batch_size' is a key, not a config file: write batch_size=VALUE"), key.err());
        var two = CliHarness.run("config", "a.yaml", "b.yaml");
        assertEquals(Main.EXIT_USAGE, two.exitCode());
        assertTrue(two.err().contains("only one config file is allowed (already 'a.yaml')"), two.err());
        var missing = CliHarness.run("config", dir.resolve("nope.yaml").toString());
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("nope.yaml' not found"), missing.err());
    }

    @Test
    void noCommandOrAnUnknownCommandIsAUsageError() {
        var none = CliHarness.run();
        assertEquals(Main.EXIT_USAGE, none.exitCode());
        assertTrue(none.err().contains("missing command: choose one of info, config, bench"), none.err());
        var unknown = CliHarness.run("trian");
        assertEquals(Main.EXIT_USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("Unmatched argument"), unknown.err());
    }

    /** The backend line, then the automatic preset on the CPU, as train prints them. */
    @Test
    void resolvesTheBackendAndTheCpuPresetAsTrainDoes() {
        var r = CliHarness.run("config", "device=cpu");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("device=cpu: using cpu"), r.out());
        assertTrue(r.out().contains("the 'cpu' preset sets num_enc_layers, enc_dim, mlp_dim, latent_dim, num_q"),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\| mlp_dim +\\| 128 +\\| preset +\\|")), r.out());
    }

    /** An explicit size beats the automatic preset, in config as in train: both show the same table. */
    @Test
    void anExplicitMlpDimOnTheCpuIsKeptAndIsWhatTrainRuns() throws Exception {
        // a run of two steps: one evaluation episode at step 0, acting with the policy prior
        String[] args = {"device=cpu", "mlp_dim=256", "work_dir=" + dir, "steps=1", "eval_episodes=1", "mpc=false",
                "save_agent=false"};
        var config = CliHarness.run(concat("config", args));
        assertEquals(0, config.exitCode(), config.err());
        assertTrue(config.out().contains("kept as set: mlp_dim"), config.out());
        assertTrue(config.out().lines().anyMatch(l -> l.matches("\\| mlp_dim +\\| 256 +\\| override +\\|")),
                config.out());
        assertTrue(config.out().lines().anyMatch(l -> l.matches("\\| enc_dim +\\| 64 +\\| preset +\\|")),
                config.out());

        var train = CliHarness.run(concat("train", args));
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertEquals(table(config.out()), table(train.out()), "config shows the table train runs with");
        String saved = Files.readString(dir.resolve("pendulum/default/seed1/config.yaml"));
        assertTrue(saved.contains("\nmlp_dim: 256\n") && saved.contains("\nenc_dim: 64\n"), saved);
    }

    private static String[] concat(String command, String... args) {
        var all = new java.util.ArrayList<String>(List.of(command));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The table's rows: from the first rule to the last. */
    private static List<String> table(String out) {
        List<String> lines = out.lines().toList();
        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("+--")).findFirst().orElseThrow());
        int last = lines.lastIndexOf(lines.stream().filter(l -> l.startsWith("+--")).reduce((a, b) -> b).orElseThrow());
        return lines.subList(first, last + 1);
    }

    @Test
    void everySizeKeySetLeavesNothingToThePreset() {
        var r = CliHarness.run("config", "device=cpu", "num_enc_layers=1", "enc_dim=32", "mlp_dim=32",
                "latent_dim=16", "num_q=2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("every size key is set"), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.endsWith("| preset   |")), r.out());
    }

    @Test
    void anUnknownTaskExitsWithCode2AndListsTheKnownTasks() {
        var r = CliHarness.run("config", "device=cpu", "task=dog-run");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("task=dog-run: unknown task 'dog-run'; known tasks: "), r.err());
        assertTrue(r.err().contains("pendulum"), r.err());
        assertFalse(r.out().contains("| task "), "no table for a config train would refuse: " + r.out());
    }

    /** With checkpoint=PATH config shows the checkpoint's config (sizes kept) and refuses what train refuses. */
    @Test
    void aCheckpointIsResolvedAsTrainResumesIt() {
        var train = CliHarness.run("train", "device=cpu", "work_dir=" + dir, "steps=1", "eval_episodes=1", "mpc=false");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        Path ck = dir.resolve("pendulum/default/seed1/checkpoints/final.safetensors");
        var r = CliHarness.run("config", "checkpoint=" + ck, "steps=5");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("config: from checkpoint " + ck), r.out());
        assertTrue(r.out().contains("  changed: steps: 1 -> 5"), r.out());
        assertFalse(r.out().contains("preset sets"), "a resumed run keeps the checkpoint's sizes: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\| latent_dim +\\| 64 +\\| file +\\|")), r.out());
        var arch = CliHarness.run("config", "checkpoint=" + ck, "num_bins=51");
        assertEquals(Main.EXIT_USAGE, arch.exitCode(), arch.out());
        assertTrue(arch.err().contains("num_bins=101 in the checkpoint, 51 now"), arch.err());
    }
}
