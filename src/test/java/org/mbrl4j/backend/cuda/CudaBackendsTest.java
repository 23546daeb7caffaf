package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.factory.Backends;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.DeviceChoice;
import org.mbrl4j.tensor.Device;

/**
 * Backend choice on a machine without a usable CUDA device (CI, this project's build machines):
 * auto falls back to the CPU with the reason, cuda fails saying what was searched and how to fix it.
 * On a machine with a device these are skipped; the gpu suite covers that side.
 */
class CudaBackendsTest {

    private static void assumeNoDevice() {
        assumeFalse(CudaDriverProbe.probe().available(), "a CUDA device is present: covered by the gpu suite");
    }

    @Test
    void probeNeverThrowsAndExplainsItself() {
        CudaDriverProbe.Result r = CudaDriverProbe.probe();
        assertTrue(r.available() || (r.reason().contains("no CUDA device") && r.reason().contains("device=cpu")),
                r.reason());
    }

    @Test
    void autoFallsBackToCpuWithTheReason() {
        assumeNoDevice();
        Backends.Selection s = Backends.create(DeviceChoice.AUTO);
        try (var b = s.backend()) {
            assertInstanceOf(CpuBackend.class, b);
            assertEquals(Device.CPU, b.device());
        }
        assertEquals("device=auto: no CUDA device (" + CudaDriverProbe.probe().summary() + "), using cpu", s.reason());
        assertTrue(s.reason().contains(CudaDriverProbe.LIBCUDA), s.reason());
    }

    @Test
    void cpuIsCpu() {
        Backends.Selection s = Backends.create(DeviceChoice.CPU);
        assertInstanceOf(CpuBackend.class, s.backend());
        assertEquals("device=cpu: using cpu", s.reason());
    }

    @Test
    void cudaWithoutADeviceFailsClearly() {
        assumeNoDevice();
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> Backends.create(DeviceChoice.CUDA));
        String m = e.getMessage();
        assertTrue(m.contains("no CUDA device") && m.contains(CudaDriverProbe.LIBCUDA) && m.contains("nvidia-smi")
                && m.contains("device=cpu"), m);
    }

    @Test
    void constructingTheBackendDirectlyFailsTheSameWay() {
        assumeNoDevice();
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, CudaBackend::new);
        assertTrue(e.getMessage().contains("LD_LIBRARY_PATH"), e.getMessage());
    }
}
