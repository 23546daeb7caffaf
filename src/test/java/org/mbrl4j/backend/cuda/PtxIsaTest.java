package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PTX headers native-build.sh writes: every PTX declares an ISA no newer than 8.0 (so drivers
 * older than R580 / CUDA 13 can JIT it), MANIFEST records each file's version and the highest per
 * target, and the {@code .entry} list PtxModules resolves at load is exactly the file's extern "C"
 * entry points. The PTX checks run where nvcc is on PATH (as KernelSourceTest's), where the PTX must exist.
 */
class PtxIsaTest {
    private static final Path KERNELS = Path.of("kernels");
    private static final Path PTX_DIR = KERNELS.resolve("build").resolve("ptx");
    /** The newest ISA the packaged PTX may declare: 8.0 is CUDA 12.0 (driver R525), known to load here. */
    private static final PtxIsa NEWEST_ALLOWED = new PtxIsa(8, 0);
    private static final Pattern EXTERN_ENTRY = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\s*\\([^)]*\\)\\s+)?(\\w+)\\s*\\(");

    @Test
    void parsesTheVersionLineAndMapsItToTheFirstDriver() {
        assertEquals(new PtxIsa(7, 8), PtxIsa.of("//\n// Generated\n//\n\n.version 7.8\n.target sm_90\n", "x.ptx"));
        assertEquals(Optional.of(11080), new PtxIsa(7, 8).firstDriverApi());
        assertEquals(Optional.of(11000), new PtxIsa(7, 0).firstDriverApi());
        assertEquals(Optional.of(13000), new PtxIsa(9, 0).firstDriverApi());
        assertEquals("CUDA 11.8", PtxIsa.cudaRelease(11080));
        assertTrue(new PtxIsa(7, 8).compareTo(new PtxIsa(8, 0)) < 0 && new PtxIsa(9, 0).compareTo(new PtxIsa(8, 8)) > 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PtxIsa.of(".target sm_80\n",
                "broken.ptx"));
        assertTrue(e.getMessage().contains("broken.ptx") && e.getMessage().contains(".version"), e.getMessage());
    }

    @Test
    void everyPtxDeclaresAnIsaOldDriversReadAndManifestRecordsIt() throws IOException {
        assumeTrue(nvccOnPath(), "nvcc not on PATH: PTX checks skipped");
        String manifest = manifest();
        Map<String, PtxIsa> highest = new TreeMap<>();
        for (Path ptx : ptxFiles()) {
            String name = ptx.getFileName().toString();
            PtxIsa isa = PtxIsa.of(Files.readString(ptx), name);
            assertTrue(isa.compareTo(NEWEST_ALLOWED) <= 0, name + " declares PTX ISA " + isa + ", newer than "
                    + NEWEST_ALLOWED + ": native-build.sh should stamp the lowest version ptxas accepts (see "
                    + "kernels/build/log/" + name.replace(".ptx", ".isa.txt") + ")");
            assertTrue(manifest.contains("\nptx=" + name + " isa=" + isa + " sha256="), "MANIFEST does not record "
                    + name + " isa=" + isa + ": run ./native-build.sh");
            String arch = name.substring(name.indexOf('.') + 1, name.lastIndexOf('.'));
            highest.merge(arch, isa, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        List<String> perArch = new ArrayList<>();
        highest.forEach((arch, isa) -> perArch.add(arch + ":" + isa));
        assertTrue(manifest.contains("\nptx_isa=" + String.join(",", perArch) + "\n"), "MANIFEST's ptx_isa line should"
                + " read " + String.join(",", perArch) + ": run ./native-build.sh");
    }

    @Test
    void theEntriesResolvedAtLoadAreTheKernelFilesEntryPoints() throws IOException {
        assumeTrue(nvccOnPath(), "nvcc not on PATH: PTX checks skipped");
        for (Path ptx : ptxFiles()) {
            String name = ptx.getFileName().toString();
            Path source = KERNELS.resolve(name.substring(0, name.indexOf('.')) + ".cu");
            List<String> declared = new ArrayList<>();
            Matcher m = EXTERN_ENTRY.matcher(Files.readString(source));
            while (m.find()) {
                declared.add(m.group(1));
            }
            assertEquals(declared.stream().sorted().toList(),
                    PtxModules.entries(Files.readString(ptx)).stream().sorted().toList(), name + " vs " + source);
        }
    }

    @Test
    void driverRequirementNamesTheReleaseThePackagedPtxNeeds() {
        String packaged = PtxModules.resource(PtxModules.MODULES.getFirst(), "sm_90");
        assumeTrue(PtxIsaTest.class.getResource(packaged) != null, "no PTX packaged on the test class path");
        String words = PtxModules.driverRequirement();
        PtxIsa isa = PtxIsa.ofResource(packaged).orElseThrow();
        assertTrue(words.contains(PtxIsa.cudaRelease(isa.firstDriverApi().orElseThrow()) + " or newer")
                && words.contains(isa + " (sm_90)"), words);
    }

    private static String manifest() throws IOException {
        Path manifest = PTX_DIR.resolve("MANIFEST");
        if (!Files.isRegularFile(manifest)) {
            fail(manifest + " not found: run ./native-build.sh");
        }
        return Files.readString(manifest);
    }

    private static List<Path> ptxFiles() throws IOException {
        try (Stream<Path> s = Files.list(PTX_DIR)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".ptx")).sorted().toList();
            assertEquals(PtxModules.MODULES.size() * PtxModules.ARCHS.size(), files.size(), "PTX files under "
                    + PTX_DIR + ": run ./native-build.sh");
            return files;
        }
    }

    private static boolean nvccOnPath() {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(
                Path.of(d, "nvcc")));
    }
}
