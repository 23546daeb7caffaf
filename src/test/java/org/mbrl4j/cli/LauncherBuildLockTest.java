package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build on first use ({@code mbrl_build_if_needed} in ./mbrl) when several launches start together:
 * one builds, the others wait for it and find the jar current, so no JVM runs from a jar another is rewriting.
 * The build itself is replaced by a slow stand-in that counts its calls.
 */
class LauncherBuildLockTest {
    @TempDir
    Path root;

    /** Sources ./mbrl, points it at {@code root} and replaces Maven and the build by a 1-second stand-in. */
    private static final String LAUNCH = "source ./mbrl && MBRL_ROOT=\"$0\" && mbrl_find_mvn() { :; } &&"
            + " mbrl_build() { echo \"build $$\" >> \"$MBRL_ROOT/builds\"; sleep 1; mkdir -p \"$MBRL_ROOT/target/lib\";"
            + " touch \"$MBRL_ROOT/target/mbrl4j.jar\"; } && mbrl_build_if_needed";

    @Test
    void launchesStartedTogetherBuildOnceAndAChangedSourceBuildsAgain() throws Exception {
        assumeTrue(new ProcessBuilder("bash", "-c", "command -v flock").start().waitFor() == 0,
                "flock (util-linux) is not installed: the launcher then builds without a lock");
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/Main.java"), "class Main {}");
        launchTogether(3);
        assertEquals(1, builds(), "three launches at once in a checkout without a jar build once");

        launchTogether(2);
        assertEquals(1, builds(), "a current jar is not built again");

        Path jar = root.resolve("target/mbrl4j.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        launchTogether(2);
        assertEquals(2, builds(), "a source newer than the jar builds once more");
    }

    private void launchTogether(int n) throws Exception {
        var launches = new ArrayList<Process>();
        for (int i = 0; i < n; i++) {
            launches.add(new ProcessBuilder("bash", "-c", LAUNCH, root.toString()).redirectErrorStream(true).start());
        }
        for (Process p : launches) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launch timed out");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
        }
    }

    private long builds() throws Exception {
        Path log = root.resolve("builds");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith("build ")).count() : 0;
    }
}
