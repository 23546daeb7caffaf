package org.mbrl4j.backend.cuda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.mbrl4j.config.MatmulPrecision;

/**
 * {@link CapturedPlanCases} on a CUDA device (replayed plans = eager plans, bit for bit, on the same
 * device; device info sums within their bound), in gpu-check.sh's graphs step; fails without one (the
 * {@code gpu} tag is excluded from the default build).
 */
@Tag("gpu")
class CapturedPlanGpuTest extends CapturedPlanCases {
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
