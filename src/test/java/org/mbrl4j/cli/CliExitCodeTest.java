package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes: 3 for a diverged run (its message last), 2 for an unusable work_dir with the reason; one backend line. */
class CliExitCodeTest {
    @TempDir
    Path work;

    private static String[] train(String... extra) {
        var args = new ArrayList<>(List.of("train", "device=cpu", "steps=300", "seed_steps=200", "eval_freq=200",
                "eval_episodes=1", "batch_size=16", "num_samples=16", "num_elites=4", "iterations=1",
                "planner_num_seed_policy_trajectories=2", "log_every=100"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void aDivergedRunExitsWith3AndItsMessageIsTheLastOutput() {
        var r = CliHarness.run(train("work_dir=" + work, "consistency_coef=1e30"));
        assertEquals(Main.EXIT_DIVERGED, r.exitCode(), r.err() + r.out());
        assertEquals(3, Main.EXIT_DIVERGED);
        assertTrue(r.err().startsWith("mbrl train: training diverged at agent step 200 (env step 200): grad_norm ="
                + " Infinity at update 1.\n"), r.err());
        assertTrue(r.err().contains("consistency_coef=1.0E30 (override)"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        Path lastGood = work.resolve("pendulum/default/seed1/checkpoints/last_good.safetensors");
        assertTrue(Files.exists(lastGood));
        assertTrue(r.out().strip().endsWith("checkpoint: " + lastGood + " (step 200, env step 200)"), r.out());
    }

    @Test
    void theBackendIsAnnouncedInOneLineNotAlsoByTheLogger() {
        var logger = java.util.logging.Logger.getLogger(org.mbrl4j.backend.factory.Backends.class.getName());
        List<java.util.logging.LogRecord> logged = new ArrayList<>();
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        var text = new java.io.StringWriter();
        try (var backend = BackendChoice.create(org.mbrl4j.config.Config.load(java.util.Optional.empty(),
                List.of("device=cpu")).config().execution(), new java.io.PrintWriter(text))) {
            assertEquals("device=cpu: using cpu\n", text.toString());
            assertEquals(List.of(), logged.stream().map(java.util.logging.LogRecord::getMessage).toList(),
                    "the default console handler would print these to stderr as a second line");
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void aWorkDirThatCannotBeCreatedIsBadInputWithTheSystemsReason() throws Exception {
        var proc = CliHarness.run(train("work_dir=/proc/runs"));
        assertEquals(Main.EXIT_USAGE, proc.exitCode(), proc.err());
        assertTrue(proc.err().startsWith("mbrl train: work_dir=/proc/runs: cannot write the run directory"
                + " /proc/runs/pendulum/default/seed1: /proc/runs: no such file or directory"), proc.err());

        Path file = Files.writeString(work.resolve("a-file"), "not a directory");
        var notDir = CliHarness.run(train("work_dir=" + file.resolve("runs")));
        assertEquals(Main.EXIT_USAGE, notDir.exitCode(), notDir.err());
        assertTrue(notDir.err().contains("work_dir=" + file.resolve("runs") + ": cannot write the run directory "), notDir.err());
        assertTrue(notDir.err().contains("Not a directory"), notDir.err());
        assertFalse(notDir.err().contains("\tat "), notDir.err());
    }

    @Test
    void theHelpFooterListsTheExitCodes() {
        var r = CliHarness.run("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("""
                Exit codes:
                  0  ok
                  2  bad input: arguments, config, an unusable file or directory, a refused
                     checkpoint (the message says what to fix)
                  3  training diverged: a NaN or infinite loss, gradient norm or action (the
                     message names the step, the value and the keys to change)
                  1  internal error: a bug in mbrl4j, please report it with the trace
                """), r.out());
    }
}
