package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The driver probe without a driver: it keeps the library it probed loaded (a lookup in a closed
 * arena would unload libcuda right after cuInit), it refuses a library that lacks the driver's entry
 * points by name, and the entry points it requires are the ones JCuda's driver binding links to.
 */
class CudaDriverProbeTest {
    /** glibc libraries the JVM does not load itself, standing in for libcuda (one per test, so order does not matter). */
    private static final String STAND_IN = "libanl.so.1";
    private static final String KEPT_LOADED = "libutil.so.1";

    @Test
    void theProbedLibraryStaysLoadedAfterTheProbe() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc");
        assumeTrue(!mapped(), KEPT_LOADED + " is already mapped in this JVM, so the check cannot tell");
        CudaDriverProbe.Result r = CudaDriverProbe.probe(KEPT_LOADED);
        assertFalse(r.available());
        assertTrue(mapped(), KEPT_LOADED + " was unmapped after the probe: its lookup arena was closed (" + r.reason() + ")");
    }

    @Test
    void aLibraryWithoutTheDriverEntryPointsIsRefusedNamingThem() {
        CudaDriverProbe.Result r = CudaDriverProbe.probe(STAND_IN);
        assertFalse(r.available());
        assertEquals(STAND_IN + " lacks " + CudaDriverProbe.REQUIRED_SYMBOLS.size() + " entry points", r.summary());
        assertTrue(r.reason().contains("does not export [cuInit, cuDriverGetVersion") && r.reason().contains("device=cpu"),
                r.reason());
    }

    @Test
    void requiredSymbolsAreTheNamesJcudaBinds() throws IOException {
        String binding = "/lib/libJCudaDriver-12.6.0-linux-x86_64.so";
        try (InputStream in = CudaDriverProbe.class.getResourceAsStream(binding)) {
            assertNotNull(in, binding + " not on the class path (jcuda-natives)");
            String dynstr = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> absent = CudaDriverProbe.REQUIRED_SYMBOLS.stream()
                    .filter(s -> !dynstr.contains("\0" + s + "\0")).toList();
            assertTrue(absent.isEmpty(), "JCuda's driver binding does not reference " + absent);
        }
    }

    private static boolean mapped() throws IOException {
        return Files.readString(Path.of("/proc/self/maps")).contains("/" + KEPT_LOADED);
    }
}
