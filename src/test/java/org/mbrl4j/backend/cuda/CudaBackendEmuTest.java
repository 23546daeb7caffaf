package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.backend.factory.Backends;
import org.mbrl4j.config.DeviceChoice;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link CudaBackendCases} on the host emulator (device=cuda-emulated), plus what only the emulator
 * has: its kernel registry against the kernels' signatures, launch checks against them, the device
 * choice. Fails (never skips) when the emulator library is missing: ./native-build.sh builds it.
 */
@Tag("emulator")
class CudaBackendEmuTest extends CudaBackendCases {
    static CudaBackend cuda;

    @BeforeAll
    static void open() {
        cuda = CudaBackend.emulated(MatmulPrecision.TF32);
        System.out.println("device: " + cuda.describe());
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
    void everyEntryPointIsRegisteredWithItsArgumentSizes() {
        Map<String, List<Integer>> expected = new TreeMap<>();
        KernelSignatures.all().forEach((name, sig) -> expected.put(name, sig.params().stream()
                .map(k -> k == KernelSignatures.Kind.I32 || k == KernelSignatures.Kind.F32 ? 4 : 8).toList()));
        Map<String, List<Integer>> registered = new TreeMap<>();
        EmulatorLibrary.load().entries.forEach((name, sizes) -> {
            if (!name.startsWith(EmulatorRuntimeTest.SELFTEST_PREFIX)) {
                registered.put(name, java.util.Arrays.stream(sizes).boxed().toList());
            }
        });
        assertEquals(expected, registered, "kernels/*.cu entry points vs the emulator's registry");
    }

    @Test
    void aLaunchNotMatchingTheKernelSignatureFailsNamingIt() {
        EmulatedDevice device = EmulatedDevice.open();
        CudaException arity = assertThrows(CudaException.class, () -> device.launch(new KernelCall("optim",
                "adam_step_advance", Dim3.of(1), Dim3.of(1), 0, List.of(), "no arguments")));
        assertTrue(arity.getMessage().contains("adam_step_advance takes 1 arguments, the launch passed 0"),
                arity.getMessage());
        CudaException size = assertThrows(CudaException.class, () -> device.launch(new KernelCall("optim",
                "adam_step_advance", Dim3.of(1), Dim3.of(1), 0, List.of(KernelArg.i32(7)), "an int for a pointer")));
        assertTrue(size.getMessage().contains("argument 0 is 8 bytes in the kernel, the launch passed 4 bytes"),
                size.getMessage());
        CudaException unknown = assertThrows(CudaException.class, () -> device.launch(new KernelCall("optim",
                "no_such_kernel", Dim3.of(1), Dim3.of(1), 0, List.of(), "")));
        assertTrue(unknown.getMessage().contains("no kernel named 'no_such_kernel'"), unknown.getMessage());
    }

    @Test
    void tensorCoreGemmsAreDeterministicRunToRun() {
        int m = 70;
        int k = 33;
        int n = 129;
        float[] av = new float[m * k];
        float[] bv = new float[k * n];
        for (int i = 0; i < av.length; i++) {
            av[i] = (float) Math.sin(i * 0.37);
        }
        for (int i = 0; i < bv.length; i++) {
            bv[i] = (float) Math.cos(i * 0.11);
        }
        Tensor a = cuda.fromArray(av, m, k);
        Tensor b = cuda.fromArray(bv, k, n);
        Tensor c1 = cuda.zeros(m, n);
        Tensor c2 = cuda.zeros(m, n);
        cuda.dense().gemm(a, Transpose.N, b, Transpose.N, c1, 1f, 0f);
        cuda.dense().gemm(a, Transpose.N, b, Transpose.N, c2, 1f, 0f);
        assertArrayEquals(cuda.toArray(c1), cuda.toArray(c2));
    }

    @Test
    void deviceCudaEmulatedChoosesTheEmulatorAndSaysSo() {
        Backends.Selection s = Backends.create(DeviceChoice.CUDA_EMULATED);
        try (var b = s.backend()) {
            assertTrue(b instanceof CudaBackend c && c.emulated(), b.describe());
        }
        assertTrue(s.reason().startsWith("device=cuda-emulated: using cuda-emulated (mbrl4j host emulator, sm_90"),
                s.reason());
    }

    @Test
    void cublasIsRefusedOnTheEmulatorWithTheAlternative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CudaBackend(EmulatedDevice.open(), MatmulPrecision.TF32, GemmChoice.CUBLAS));
        assertTrue(e.getMessage().contains("-Dmbrl.cuda.gemm=kernels"), e.getMessage());
    }

    @Test
    void cvtRnaTf32RoundsToNearestWithTiesAwayFromZero() {
        EmulatorLibrary lib = EmulatorLibrary.load();
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 (TF32's ulp at 1): ties away gives 1 + 2^-10
        assertEquals(0x3F802000, lib.cvtRnaTf32(0x3F801000), "1 + 2^-11");
        assertEquals(0xBF802000, lib.cvtRnaTf32(0xBF801000), "-(1 + 2^-11)");
        assertEquals(0x3F800000, lib.cvtRnaTf32(0x3F800FFF), "just below the tie: down");
        assertEquals(0x3F802000, lib.cvtRnaTf32(0x3F801001), "just above the tie: up");
        assertEquals(0x3F804000, lib.cvtRnaTf32(0x3F803000), "1 + 3·2^-11, a tie (ties-to-even agrees here)");
        assertEquals(0x40000000, lib.cvtRnaTf32(0x3FFFF000), "a carry into the exponent");
        assertEquals(0x7F800000, lib.cvtRnaTf32(0x7F7FFFFF), "the largest float rounds to infinity");
        assertEquals(0x00002000, lib.cvtRnaTf32(0x00001000), "subnormals keep 10 bits too");
        assertEquals(0xFF800000, lib.cvtRnaTf32(0xFF800000), "-infinity stays");
        assertTrue(Float.isNaN(Float.intBitsToFloat(lib.cvtRnaTf32(0x7F800001))),
                "a NaN whose payload lies in the dropped bits stays NaN");
    }
}
