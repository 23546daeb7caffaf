package org.mbrl4j.agent.tdmpc2;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.backend.cuda.GemmChoice;
import org.mbrl4j.config.MatmulPrecision;

/**
 * {@link CapturedUpdateCases} on a CUDA device (captured = eager, bit for bit, on the same device), in
 * gpu-check.sh's graphs step; fails without one (the {@code gpu} tag is excluded from the default build).
 */
@Tag("gpu")
class CapturedUpdateGpuTest extends CapturedUpdateCases {
    static CudaBackend cuda;

    @BeforeAll
    static void open() {
        cuda = new CudaBackend(MatmulPrecision.FP32, GemmChoice.KERNELS);
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
}
