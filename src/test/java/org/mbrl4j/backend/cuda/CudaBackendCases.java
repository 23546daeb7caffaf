package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.StepArena;
import org.mbrl4j.tensor.Tensor;

/**
 * The device SPI of the CUDA backend on whichever device {@link #cuda()} returns (a GPU in
 * {@link CudaBackendGpuTest}, the host emulator in {@link CudaBackendEmuTest}): transfers of odd
 * sizes and offsets, fill and copy, no cuMemAlloc in a steady-state arena loop, the out-of-memory
 * message.
 */
abstract class CudaBackendCases {

    /** The backend under test, opened once per class. */
    protected abstract CudaBackend cuda();

    @Test
    void transfersFillAndCopyRoundTrip() {
        for (int n : new int[] {1, 3, 1000, 1 << 20, (1 << 24) + 3}) {
            float[] host = new float[n + 5];
            for (int i = 0; i < host.length; i++) {
                host[i] = i * 0.5f - 7;
            }
            Tensor t = cuda().zeros(n);
            cuda().upload(host, 5, t);
            Tensor c = cuda().zeros(n);
            cuda().copy(t, c);
            float[] back = new float[n + 2];
            cuda().download(c, back, 2);
            for (int i = 0; i < n; i++) {
                assertEquals(host[i + 5], back[i + 2], "element " + i + " of " + n);
            }
        }
        int[] ints = {3, -1, 7, Integer.MIN_VALUE};
        Tensor it = cuda().tensor(DType.I32, false, 4);
        cuda().upload(ints, 0, it);
        assertArrayEquals(ints, cuda().toIntArray(it));
        cuda().fill(it, -5f);
        assertArrayEquals(new int[] {-5, -5, -5, -5}, cuda().toIntArray(it));
    }

    @Test
    void steadyStateArenaStepsDoNotCallCuMemAlloc() {
        StepArena arena = new StepArena(cuda());
        long before = -1;
        for (int step = 0; step < 4; step++) {
            arena.reset();
            Tensor a = arena.allocate(512, 300);
            Tensor b = arena.allocate(DType.I32, false, 999);
            Tensor c = arena.zeros(DType.F32, false, 3, 1 << 20);
            cuda().fill(a, 1f);
            cuda().fill(b, 2f);
            cuda().fill(c, 3f);
            if (step == 1) {
                before = cuda().driverAllocations();
            }
        }
        cuda().synchronize();
        assertEquals(before, cuda().driverAllocations(), "no cuMemAlloc once the arena has sized its blocks");
        arena.close();
    }

    @Test
    void outOfMemoryNamesTheBytesAndTheFreeMemory() {
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class,
                () -> cuda().allocate(DType.F32, 1L << 40));
        assertTrue(e.getMessage().contains("4398046511104 bytes") && e.getMessage().contains("MiB free of"),
                e.getMessage());
    }
}
