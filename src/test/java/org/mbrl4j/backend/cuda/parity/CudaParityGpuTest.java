package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.backend.cuda.GemmChoice;
import org.mbrl4j.config.MatmulPrecision;

/**
 * GPU vs CPU parity of every op family on the shipped kernels through the shipped launchers (STYLE
 * practice 3). Needs a CUDA device and FAILS without one (the backends are opened in
 * {@code @BeforeAll}), so a green run proves it ran on a GPU. Run with
 * {@code mvn test -Dgroups=gpu -Dexcluded.groups=none} or the bundle's gpu-check.sh.
 */
@Tag("gpu")
class CudaParityGpuTest extends CudaParitySuite {
    static CudaBackend tf32;
    static CudaBackend fp32;
    static CudaBackend cublasTf32;
    static CudaBackend cublasFp32;

    @BeforeAll
    static void open() {
        tf32 = new CudaBackend(MatmulPrecision.TF32, GemmChoice.KERNELS);
        fp32 = new CudaBackend(MatmulPrecision.FP32, GemmChoice.KERNELS);
        System.out.println("parity device: " + tf32.describe());
    }

    @AfterAll
    static void close() {
        for (CudaBackend b : new CudaBackend[] {tf32, fp32, cublasTf32, cublasFp32}) {
            if (b != null) {
                b.close();
            }
        }
    }

    @Override
    protected Backend tf32() {
        return tf32;
    }

    @Override
    protected Backend fp32() {
        return fp32;
    }

    /** gemm through cuBLAS (FFM), the yardstick provider, against the same CPU reference. */
    @Nested
    class CublasGemm extends DenseParityCases {
        @Override
        protected Backend device() {
            if (cublasTf32 == null) {
                cublasTf32 = new CudaBackend(MatmulPrecision.TF32, GemmChoice.CUBLAS);
            }
            return cublasTf32;
        }

        @Override
        protected Backend deviceFp32() {
            if (cublasFp32 == null) {
                cublasFp32 = new CudaBackend(MatmulPrecision.FP32, GemmChoice.CUBLAS);
            }
            return cublasFp32;
        }
    }
}
