package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliInfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportsEveryProbeAndSucceeds() {
        var r = CliHarness.run("info");
        assertEquals(0, r.exitCode(), r.err());
        var lines = r.out().lines().toList();
        assertEquals("mbrl4j", lines.getFirst());
        assertTrue(lines.get(1).startsWith("  java     " + Runtime.version()), r.out());
        assertTrue(lines.get(2).contains(FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits"), r.out());
        assertTrue(lines.get(3).startsWith("  cpus     " + Runtime.getRuntime().availableProcessors() + " available"), r.out());
        assertTrue(lines.get(4).startsWith("  ptx      "), r.out());
        assertTrue(lines.get(5).startsWith("  libcuda  libcuda.so.1 "), r.out());
        assertTrue(lines.get(5).contains("loaded") || lines.get(5).contains("not found"), r.out());
    }

    @Test
    void findsPtxModulesInAJar() throws Exception {
        Path jar = dir.resolve("m.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("ptx/two_hot_soft_ce.ptx", "ptx/adam.ptx", "ptx/README", "org/X.class")) {
                out.putNextEntry(new ZipEntry(name));
                out.closeEntry();
            }
        }
        assertEquals(List.of("adam.ptx", "two_hot_soft_ce.ptx"), SystemProbe.ptxModules(jar));
    }

    @Test
    void findsPtxModulesInAClassesFolder() throws Exception {
        assertEquals(List.of(), SystemProbe.ptxModules(dir));
        Files.createDirectories(dir.resolve("ptx"));
        Files.writeString(dir.resolve("ptx/symlog.ptx"), "//");
        Files.writeString(dir.resolve("ptx/notes.txt"), "");
        assertEquals(List.of("symlog.ptx"), SystemProbe.ptxModules(dir));
    }

    @Test
    void aMissingDriverIsReportedNotThrown() {
        String status = SystemProbe.libcuda();
        assertTrue(status.startsWith("loaded") || status.startsWith("not found") || status.startsWith("failed"), status);
    }
}
