package org.mbrl4j.backend.cuda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.mbrl4j.config.MatmulPrecision;

/** {@link CudaGraphsCases} on a CUDA device; fails without one. */
@Tag("gpu")
class CudaGraphsGpuTest extends CudaGraphsCases {
    static CudaBackend cuda;

    @BeforeAll
    static void open() {
        cuda = new CudaBackend(MatmulPrecision.TF32, GemmChoice.KERNELS);
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
