package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheResolvedTable() {
        var r = CliHarness.run("config", "batch_size=128", "multi_gamma.gammas=[0.99,0.97]");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("config: configs/default.yaml (embedded) + 2 overrides"), r.out());
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
}
