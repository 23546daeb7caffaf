package org.mbrl4j.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.config.MatmulPrecision;

/**
 * Base of the tests that drive whole agents or planners on the CUDA kernels through the host emulator
 * ({@code device=cuda-emulated}) with FP32 GEMMs: {@link #cuda} is opened once before each test class
 * and closed after it. Tagged {@code emulator}: it needs ./native-build.sh's emulator library and FAILS
 * (never skips) without it.
 */
@Tag("emulator")
public abstract class EmulatedFp32Cuda {
    /** The emulated backend of the running test class. */
    protected static CudaBackend cuda;

    @BeforeAll
    static void openEmulatedCuda() {
        cuda = CudaBackend.emulated(MatmulPrecision.FP32);
    }

    @AfterAll
    static void closeEmulatedCuda() {
        if (cuda != null) {
            cuda.close();
            cuda = null;
        }
    }
}
