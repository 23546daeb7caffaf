package org.mbrl4j.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Slurm#run} on plain shell commands (no Slurm needed): a command that exits without reading its
 * stdin still gives its exit code and stderr. sbatch refusing an option does that; once a CI run lost
 * the answer to "Stream closed" when sbatch won the race. A megabyte of stdin makes the lost race
 * certain here (a pipe holds 64 KiB).
 */
class SlurmCommandTest {
    private final Slurm slurm = new Slurm(Map.of());

    @Test
    void aCommandThatIgnoresItsStdinStillAnswers() {
        String big = "x".repeat(1 << 20);
        Slurm.Result r = slurm.run(List.of("sh", "-c", "echo 'Invalid --time specification' >&2; exit 1"), big);
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("Invalid --time"), r.stderr());
    }

    @Test
    void aCommandThatReadsItsStdinGetsItAndAMissingCommandIsNamed() {
        Slurm.Result r = slurm.run(List.of("sh", "-c", "wc -c"), "#!/bin/bash\ntrue\n");
        assertEquals(0, r.exitCode());
        assertEquals("17", r.stdout().strip());
        SweepException missing = assertThrows(SweepException.class,
                () -> slurm.run(List.of("no-such-command-mbrl4j"), null));
        assertTrue(missing.getMessage().contains("cannot be started"), missing.getMessage());
    }
}
