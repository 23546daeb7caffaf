package org.mbrl4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@link Main}'s command line in-process with captured output. */
record CliHarness(int exitCode, String out, String err) {
    static CliHarness run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliHarness(code, out.toString(), err.toString());
    }
}
