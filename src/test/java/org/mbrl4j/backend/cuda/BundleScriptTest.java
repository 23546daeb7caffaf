package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cheap checks of the GPU bundle scripts (building and running the bundle is the manual check the
 * package doc describes): both parse with {@code bash -n} and are executable, the jlink module list
 * holds what the runtime needs, and gpu-check.sh leaves at most 8 files in $OUT, the device tool's
 * limit on files coming back.
 */
class BundleScriptTest {
    private static final Path BUNDLE = Path.of("scripts", "bundle-gpu.sh");
    private static final Path CHECK = Path.of("scripts", "gpu-check.sh");

    @Test
    void scriptsParseAndAreExecutable() throws IOException, InterruptedException {
        for (Path p : new Path[] {BUNDLE, CHECK}) {
            assertTrue(Files.isExecutable(p), p + " must be executable");
            Process bash = new ProcessBuilder("bash", "-n", p.toString()).redirectErrorStream(true).start();
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, bash.waitFor(), p + ": bash -n failed:\n" + out);
        }
    }

    @Test
    void runtimeModulesCoverTheEngineJmhAndTheJunitConsole() throws IOException {
        Matcher m = Pattern.compile("readonly MODULES=(\\S+)").matcher(Files.readString(BUNDLE));
        assertTrue(m.find(), "MODULES line");
        Set<String> modules = Set.of(m.group(1).split(","));
        for (String required : new String[] {"java.base", "java.desktop", "jdk.incubator.vector", "jdk.unsupported",
                "java.management", "java.logging", "jdk.management", "java.sql", "java.xml", "jdk.zipfs"}) {
            assertTrue(modules.contains(required), "jlink modules lack " + required + ": " + modules);
        }
        assertTrue(Files.readString(BUNDLE).contains("--strip-debug --no-man-pages --no-header-files --compress=zip-6"));
    }

    @Test
    void gpuCheckWritesAtMostEightFilesToOut() throws IOException {
        Matcher m = Pattern.compile("\\$OUT/([A-Za-z0-9._-]+)").matcher(Files.readString(CHECK));
        Set<String> files = new TreeSet<>();
        while (m.find()) {
            if (!m.group(1).endsWith(".part")) { // scratch files removed before the script ends
                files.add(m.group(1));
            }
        }
        assertTrue(files.size() <= 8, "gpu-check.sh leaves " + files.size() + " files in $OUT: " + files);
    }
}
