package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emulator's own rules on its self-test kernels (kernels/emu/selftest.cu): warp shuffles over the
 * fibers of a warp, __syncthreads over a block, cp.async groups landing only when waited for, and
 * the launch failures that name what a kernel did wrong (a barrier some threads never reach, a mask
 * the emulator does not model), after which the next launch runs normally.
 */
@Tag("emulator")
class EmulatorRuntimeTest {
    static final String SELFTEST_PREFIX = "emu_selftest_";

    private EmulatedDevice device;
    private DeviceAllocator.Raw memory;
    private long out;

    @BeforeEach
    void open() {
        device = EmulatedDevice.open();
        memory = device.memory();
        out = memory.allocate(4 * 256);
    }

    @AfterEach
    void close() {
        memory.free(out);
        device.close();
    }

    private void launch(String kernel, int blocks, int threads, KernelArg... args) {
        device.launch(new KernelCall("emu", SELFTEST_PREFIX + kernel, Dim3.of(blocks), Dim3.of(threads), 0,
                List.of(args), "self-test"));
    }

    private float[] read(long address, int n) {
        float[] v = new float[n];
        device.download(address, MemorySegment.ofArray(v), 0, 4L * n, "reading the self-test output");
        return v;
    }

    @Test
    void shufflesExchangeAcrossTheFibersOfAWarp() {
        launch("warp_sum", 2, 64, KernelArg.ptr(out));
        float[] got = read(out, 128);
        for (int i = 0; i < 128; i++) {
            float warpBase = (i % 64) / 32 * 32;
            assertTrue(got[i] == 32 * warpBase + 496, "thread " + i + ": " + got[i]);
        }
    }

    @Test
    void syncthreadsMakesEveryThreadsWriteVisible() {
        launch("block_barrier", 2, 96, KernelArg.ptr(out));
        float[] got = read(out, 192);
        for (int i = 0; i < 192; i++) {
            int block = i / 96;
            assertTrue(got[i] == block * 1000 + (i % 96 + 1) % 96, "thread " + i + ": " + got[i]);
        }
    }

    @Test
    void cpAsyncGroupsLandOnlyWhenWaitedFor() {
        long src = memory.allocate(4 * 8);
        try {
            device.write(src, new int[] {f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8)}, "self-test source");
            launch("cp_async", 1, 32, KernelArg.ptr(src), KernelArg.ptr(out), KernelArg.i32(2));
            assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1, -1, -1}, read(out, 8), "both groups in flight");
            launch("cp_async", 1, 32, KernelArg.ptr(src), KernelArg.ptr(out), KernelArg.i32(1));
            assertArrayEquals(new float[] {1, 2, 3, 4, -1, -1, -1, -1}, read(out, 8), "the newest group in flight");
            launch("cp_async", 1, 32, KernelArg.ptr(src), KernelArg.ptr(out), KernelArg.i32(0));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 0, 0}, read(out, 8), "all landed, src-size 8 zero-fills");
        } finally {
            memory.free(src);
        }
    }

    @Test
    void aBarrierSomeThreadsNeverReachFailsTheLaunchNamingIt() {
        CudaException e = assertThrows(CudaException.class, () -> launch("divergent_barrier", 1, 64, KernelArg.ptr(out)));
        assertTrue(e.getMessage().contains("deadlock in block (0,0,0): 1 threads wait at __syncthreads (first: thread 0),"
                + " 31 at a warp collective (first: thread 1), 32 returned"), e.getMessage());
        launch("warp_sum", 1, 32, KernelArg.ptr(out));
        assertTrue(read(out, 1)[0] == 496, "the next launch runs normally");
    }

    @Test
    void aPartialShuffleMaskFailsTheLaunchNamingTheThread() {
        CudaException e = assertThrows(CudaException.class, () -> launch("partial_mask", 1, 32, KernelArg.ptr(out)));
        assertTrue(e.getMessage().contains("thread (0,0,0) of block (0,0,0): __shfl_xor_sync: only the full mask"),
                e.getMessage());
    }

    private static int f(float v) {
        return Float.floatToRawIntBits(v);
    }
}
