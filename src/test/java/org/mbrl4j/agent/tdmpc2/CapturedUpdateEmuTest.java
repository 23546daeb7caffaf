package org.mbrl4j.agent.tdmpc2;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.config.MatmulPrecision;

/**
 * {@link CapturedUpdateCases} on the host emulator (device=cuda-emulated), on every build. Fails (never
 * skips) when the emulator library is missing: ./native-build.sh builds it with g++.
 */
@Tag("emulator")
class CapturedUpdateEmuTest extends CapturedUpdateCases {
    static CudaBackend cuda;

    @BeforeAll
    static void open() {
        cuda = CudaBackend.emulated(MatmulPrecision.FP32);
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
