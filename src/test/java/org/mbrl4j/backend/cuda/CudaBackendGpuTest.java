package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.factory.Backends;
import org.mbrl4j.config.DeviceChoice;
import org.mbrl4j.config.MatmulPrecision;

/**
 * {@link CudaBackendCases} on a real GPU, and device=auto choosing CUDA. Needs a CUDA device and fails
 * without one.
 */
@Tag("gpu")
class CudaBackendGpuTest extends CudaBackendCases {
    static CudaBackend cuda;

    @BeforeAll
    static void open() {
        cuda = new CudaBackend(MatmulPrecision.TF32, GemmChoice.KERNELS);
        System.out.println("device: " + cuda.describe() + "; NVTX: " + Nvtx.status());
    }

    @AfterAll
    static void close() {
        if (cuda != null) {
            cuda.close();
        }
    }

    @Override
    protected CudaBackend cuda() {
        return cuda;
    }

    @Test
    void autoChoosesCuda() {
        Backends.Selection s = Backends.create(DeviceChoice.AUTO);
        try (var b = s.backend()) {
            assertInstanceOf(CudaBackend.class, b);
        }
        assertTrue(s.reason().startsWith("device=auto: ") && s.reason().contains("using cuda ("), s.reason());
    }
}
