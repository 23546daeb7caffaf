package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** NVTX ranges open and close on any machine; without the library (or a profiler) they are no-ops. */
class CudaNvtxTest {
    @Test
    @SuppressWarnings("try")
    void rangesNestAndCloseWithOrWithoutTheLibrary() {
        try (var outer = Nvtx.range("plan")) {
            try (var inner = Nvtx.range("plan/iterate")) {
                assertFalse(Nvtx.status().isBlank());
            }
        }
        String status = Nvtx.status();
        assertTrue(status.startsWith("lib") || status.contains("no NVTX library") || status.contains("disabled"), status);
    }
}
