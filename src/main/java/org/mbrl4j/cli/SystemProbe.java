package org.mbrl4j.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import jdk.incubator.vector.FloatVector;
import org.mbrl4j.backend.cpu.VectorWidth;

/** What {@code mbrl info} reports about this machine. Each probe reports; none throws. */
final class SystemProbe {
    private SystemProbe() {}

    /** Resource folder of the nvcc-built PTX modules inside the jar (pom.xml: kernels/build/ptx). */
    static final String PTX_FOLDER = "ptx/";
    static final String LIBCUDA = "libcuda.so.1";

    static String java() {
        return Runtime.version() + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home");
    }

    static String vectors() {
        var preferred = FloatVector.SPECIES_PREFERRED;
        return "FloatVector.SPECIES_PREFERRED = " + preferred.vectorBitSize() + " bits (" + preferred.length()
                + " floats); CPU backend uses " + VectorWidth.describe();
    }

    static String cpus() {
        return Runtime.getRuntime().availableProcessors() + " available processors, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
    }

    /** PTX modules packaged with this build (a jar, or target/classes when run from the build tree). */
    static List<String> ptxModules() {
        return codeLocation().map(SystemProbe::ptxModules).orElse(List.of());
    }

    static List<String> ptxModules(Path location) {
        if (Files.isDirectory(location)) {
            Path folder = location.resolve(PTX_FOLDER);
            if (!Files.isDirectory(folder)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(folder)) {
                return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ptx")).sorted().toList();
            } catch (IOException e) {
                return List.of();
            }
        }
        try (var zip = new ZipFile(location.toFile())) {
            return zip.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(PTX_FOLDER) && n.endsWith(".ptx"))
                    .map(n -> n.substring(PTX_FOLDER.length())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String ptx() {
        var modules = ptxModules();
        return modules.isEmpty()
                ? "none packaged (CUDA kernels not built: run ./native-build.sh on a machine with nvcc, then rebuild)"
                : modules.size() + " module(s): " + String.join(", ", modules);
    }

    /** Whether the CUDA driver library loads, and its driver API version when it does. */
    @SuppressWarnings("restricted") // the launcher and the jar manifest enable native access
    static String libcuda() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(LIBCUDA, arena);
            Optional<MemorySegment> getVersion = lookup.find("cuDriverGetVersion");
            if (getVersion.isEmpty()) {
                return "loaded, but cuDriverGetVersion is missing (not a CUDA driver library?)";
            }
            MethodHandle call = Linker.nativeLinker().downcallHandle(getVersion.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            MemorySegment version = arena.allocate(ValueLayout.JAVA_INT);
            int status = (int) call.invokeExact(version);
            if (status != 0) {
                return "loaded, cuDriverGetVersion returned CUresult " + status;
            }
            int v = version.get(ValueLayout.JAVA_INT, 0);
            return "loaded, CUDA driver API " + v / 1000 + "." + (v % 1000) / 10;
        } catch (IllegalArgumentException e) {
            return "not found (" + e.getMessage() + "): no NVIDIA driver here, the CPU backend will be used";
        } catch (Throwable e) {
            return "failed to load: " + e;
        }
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = Main.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
