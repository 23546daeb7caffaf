package org.mbrl4j.backend.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a CUDA library that may live outside the linker's path: first the explicit path in a system
 * property, then each name through the dynamic linker (LD_LIBRARY_PATH, the ldconfig cache), then the
 * usual toolkit and pip-wheel folders ({@code nvidia/<pkg>/lib} under Python site-packages, where
 * CUDA 13 machines often carry cuBLAS). Records everything tried, for the error message.
 */
final class NativeLibrarySearch {
    private NativeLibrarySearch() {}

    /** A loaded library: where it was found and its symbols. */
    record Found(String location, SymbolLookup lookup) {}

    /** Folders holding CUDA libraries on common installs; globbed one level for python versions. */
    private static final List<String> FOLDERS = List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/lib/x86_64-linux-gnu");
    private static final List<String> SITE_PACKAGES = List.of("/opt", "/usr/local/lib", "/usr/lib", "/root/.local/lib");
    private static final List<String> WHEEL_SUBDIRS = List.of("nvidia/cu13/lib", "nvidia/cublas/lib", "nvidia/nvtx/lib",
            "nvidia/cu12/lib");

    /**
     * @param property system property naming an explicit file (e.g. mbrl.cublas.library), may be unset
     * @param names    library file names in preference order (e.g. libcublas.so.13, libcublas.so.12)
     * @param tried    receives one line per attempt
     */
    @SuppressWarnings("restricted")
    static Optional<Found> find(String property, List<String> names, Arena arena, List<String> tried) {
        String explicit = System.getProperty(property);
        if (explicit != null && !explicit.isBlank()) {
            Optional<Found> f = tryPath(Path.of(explicit), arena, tried);
            if (f.isPresent()) {
                return f;
            }
        }
        for (String name : names) {
            try {
                return Optional.of(new Found(name + " (dynamic linker)", SymbolLookup.libraryLookup(name, arena)));
            } catch (IllegalArgumentException e) {
                tried.add(name + " via the dynamic linker (LD_LIBRARY_PATH="
                        + System.getenv().getOrDefault("LD_LIBRARY_PATH", "unset") + ", ldconfig cache): not found");
            }
        }
        for (Path dir : folders()) {
            for (String name : names) {
                Path p = dir.resolve(name);
                if (Files.exists(p)) {
                    Optional<Found> f = tryPath(p, arena, tried);
                    if (f.isPresent()) {
                        return f;
                    }
                }
            }
        }
        tried.add("folders " + folders() + ": none holds " + names);
        return Optional.empty();
    }

    @SuppressWarnings("restricted")
    private static Optional<Found> tryPath(Path p, Arena arena, List<String> tried) {
        try {
            return Optional.of(new Found(p.toString(), SymbolLookup.libraryLookup(p, arena)));
        } catch (IllegalArgumentException e) {
            tried.add(p + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Toolkit folders plus every {@code <site>/python3*&#47;{site,dist}-packages/nvidia/<pkg>/lib}. */
    static List<Path> folders() {
        List<Path> out = new ArrayList<>();
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null) {
            out.add(Path.of(cudaHome, "lib64"));
        }
        FOLDERS.forEach(f -> out.add(Path.of(f)));
        for (String root : SITE_PACKAGES) {
            for (Path pythonLib : pythonLibs(Path.of(root))) {
                for (String packages : List.of("site-packages", "dist-packages")) {
                    for (String sub : WHEEL_SUBDIRS) {
                        Path dir = pythonLib.resolve(packages).resolve(sub);
                        if (Files.isDirectory(dir)) {
                            out.add(dir);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** python3.* folders directly under root, or under root/*&#47;.venv/lib (virtual environments in /opt). */
    private static List<Path> pythonLibs(Path root) {
        List<Path> out = new ArrayList<>();
        glob(root, "python3*", out);
        List<Path> venvs = new ArrayList<>();
        glob(root, "*", venvs);
        for (Path v : venvs) {
            glob(v.resolve(".venv").resolve("lib"), "python3*", out);
        }
        return out;
    }

    private static void glob(Path dir, String pattern, List<Path> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pattern)) {
            s.forEach(out::add);
        } catch (IOException | SecurityException e) {
            // unreadable folders are skipped; the error message lists what was tried
        }
    }
}
