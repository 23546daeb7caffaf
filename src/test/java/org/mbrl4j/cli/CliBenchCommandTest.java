package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliBenchCommandTest {
    /** JMH's own options reach JMH unchanged after '--', -h included. */
    @Test
    void passesArgumentsToJmh() {
        var captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        CliHarness r;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = CliHarness.run("bench", "--", "-h");
        } finally {
            System.setOut(original);
        }
        assertEquals(0, r.exitCode(), r.err());
        String jmhHelp = captured.toString(StandardCharsets.UTF_8);
        assertTrue(jmhHelp.contains("Usage: java -jar ... [regexp*] [options]"), jmhHelp);
    }

    /** {@code bench --help} is mbrl's help for bench (JMH would exit 1 on '--help'). */
    @Test
    void helpIsMbrlsOwnAndNamesJmhsHelp() {
        var r = CliHarness.run("bench", "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Usage: mbrl bench [-h] [JMH_ARG...]"), r.out());
        assertTrue(r.out().contains("mbrl bench -- -h"), r.out());
    }
}
