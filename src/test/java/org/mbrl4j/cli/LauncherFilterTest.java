package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's stderr filter ({@code mbrl_exec_filtered} in ./mbrl): the JVM's incubator-module line goes,
 * every other line stays in its order, stdout is untouched, and the exit status is the command's.
 */
class LauncherFilterTest {
    @TempDir
    Path tmp;

    @Test
    void theIncubatorWarningIsDroppedAndEverythingElseKeptWithTheExitStatus() throws Exception {
        String command = "echo out1; echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2;"
                + " echo 'err 1' >&2; echo out2; echo 'WARNING: something else' >&2;"
                + " printf 'no newline at the end' >&2; exit 3";
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        var p = new ProcessBuilder("bash", "-c", "source ./mbrl && mbrl_exec_filtered bash -c \"$0\"", command)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8); // to EOF: the filter's end
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(3, p.exitValue());
        assertEquals("out1\nout2\n", Files.readString(out));
        assertEquals("err 1\nWARNING: something else\nno newline at the end", stderr);
    }

    @Test
    void theLauncherExecsJavaThroughTheFilter() throws IOException {
        String launcher = Files.readString(Path.of("mbrl"));
        assertEquals(1, launcher.lines().filter(l -> l.contains("mbrl_exec_filtered \"$JAVA_HOME/bin/java\"")).count(),
                "mbrl_main runs the CLI through the filter");
    }
}
