package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -h} and {@code --help} on every command: usage, description and examples, exit code 0. */
class CliHelpTest {
    static final List<String> COMMANDS = List.of("info", "config", "bench", "train", "eval", "export-buffer", "plot");

    @Test
    void everySubcommandAnswersHelpWithUsageAndAnExample() {
        for (String command : COMMANDS) {
            for (String flag : List.of("-h", "--help")) {
                var r = CliHarness.run(command, flag);
                String what = "mbrl " + command + " " + flag + ":\n" + r.out() + r.err();
                assertEquals(0, r.exitCode(), what);
                assertTrue(r.out().contains("Usage: mbrl " + command + " [-h]"), what);
                assertTrue(r.out().contains("\nExample"), what);
                assertTrue(r.out().contains("\n  mbrl " + command), "an example of the command itself: " + what);
                assertEquals("", r.err(), what);
            }
        }
    }

    /** The command list shows each command's whole one-line summary, never a sentence cut in the middle. */
    @Test
    void theTopLevelHelpListsEveryCommandWithAWholeSentence() {
        var r = CliHarness.run("--help");
        assertEquals(0, r.exitCode(), r.err());
        String flowed = r.out().replaceAll("\\s+", " ");
        var subcommands = Main.commandLine().getSubcommands();
        for (String command : COMMANDS) {
            String[] header = subcommands.get(command).getCommandSpec().usageMessage().header();
            assertEquals(1, header.length, command + ": one summary line");
            assertTrue(header[0].endsWith("."), command + ": the summary is a sentence: " + header[0]);
            assertTrue(flowed.contains(command + " " + header[0]), command + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes:") && r.out().contains("  3  training diverged"), r.out());
    }

    @Test
    void helpCommandShowsTheSameUsage() {
        var r = CliHarness.run("help", "train");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(CliHarness.run("train", "--help").out(), r.out());
    }
}
