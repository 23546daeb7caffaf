package org.mbrl4j.backend.cuda.parity;

import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Shapes;

/**
 * Base of the per-family parity suites (STYLE practice 12): each family's cases are written once
 * against {@link #device()}; {@code CudaParitySelfTest} runs them with a second CPU backend as the
 * "device" (always, to keep the harness honest), {@code CudaParityGpuTest} with the CUDA backend
 * under {@code @Tag("gpu")}. The reference is always a {@link CpuBackend}.
 */
abstract class ParityCases {
    private static final CpuBackend REFERENCE = new CpuBackend();

    /** The backend under test (TF32 GEMMs on CUDA). */
    protected abstract Backend device();

    /** The backend under test with FP32 (SIMT) GEMMs, for the tight dense checks. */
    protected Backend deviceFp32() {
        return device();
    }

    protected ParityRun run(String op, int... shape) {
        return run(device(), op, shape);
    }

    protected ParityRun run(Backend dev, String op, int... shape) {
        return new ParityRun(REFERENCE, dev, op, Shapes.str(shape), nextSeed());
    }

    /** Fresh every run; {@code -Dmbrl.parity.seed} replays one. */
    static long nextSeed() {
        String fixed = System.getProperty("mbrl.parity.seed");
        return fixed != null ? Long.parseLong(fixed) : ThreadLocalRandom.current().nextLong();
    }

    /** (rows, cols) including 1, odd sizes, non-multiples of a warp and of a 64-wide tile, and a large one. */
    static Stream<Arguments> rowsCols() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(7, 5), Arguments.of(33, 129), Arguments.of(300, 64),
                Arguments.of(2, 1000));
    }
}
