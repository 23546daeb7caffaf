package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.config.MatmulPrecision;

/**
 * Every parity suite with the CUDA backend on the host emulator ({@code device=cuda-emulated}): the
 * unmodified kernels/*.cu compiled by g++ (kernels/emu), driven through the shipped launchers, against
 * the CPU backend with fresh random inputs, on every build. It needs no GPU but FAILS (never skips)
 * when the emulator library is missing: run ./native-build.sh (needs g++) first; ./mbrl test does.
 * What it cannot prove is listed in backend/cuda/package-info: the GPU's own arithmetic (tensor-core
 * summation order, CUDA's libm, FMA contraction by nvcc), the driver, real concurrency between blocks.
 */
@Tag("emulator")
class CudaParityEmuTest extends CudaParitySuite {
    static CudaBackend tf32;
    static CudaBackend fp32;

    @BeforeAll
    static void open() {
        tf32 = CudaBackend.emulated(MatmulPrecision.TF32);
        fp32 = CudaBackend.emulated(MatmulPrecision.FP32);
        System.out.println("parity device: " + tf32.describe());
    }

    @AfterAll
    static void close() {
        for (CudaBackend b : new CudaBackend[] {tf32, fp32}) {
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
}
