package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.StepArena;
import org.mbrl4j.tensor.Storage;
import org.mbrl4j.tensor.Tensor;

/**
 * The caching allocator's bookkeeping, on a fake driver (the pooling logic is plain Java; the gpu
 * suite checks the same property on a device): size classes, reuse after release, no driver
 * allocation in a steady-state StepArena loop, the out-of-memory retry and message.
 */
class CudaDeviceAllocatorTest {

    /** Hands out increasing addresses; fails with CUDA_ERROR_OUT_OF_MEMORY above a byte budget. */
    static final class FakeRaw implements DeviceAllocator.Raw {
        long budget = Long.MAX_VALUE;
        long held;
        long next = 0x1000_0000L;
        int syncs;
        final List<Long> freed = new ArrayList<>();
        final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();

        @Override
        public long allocate(long bytes) {
            if (held + bytes > budget) {
                throw new CudaException("cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY", Cu.ERROR_OUT_OF_MEMORY);
            }
            held += bytes;
            long a = next;
            next += bytes;
            sizes.put(a, bytes);
            return a;
        }

        @Override
        public void free(long address) {
            freed.add(address);
            held -= sizes.remove(address);
        }

        @Override
        public long[] memoryInfo() {
            return new long[] {budget - held, budget};
        }

        @Override
        public void synchronize() {
            syncs++;
        }
    }

    @Test
    void sizeClassesRoundSmallToPowersOfTwoAndLargeToTwoMiB() {
        assertEquals(512, DeviceAllocator.sizeClass(1));
        assertEquals(512, DeviceAllocator.sizeClass(512));
        assertEquals(1024, DeviceAllocator.sizeClass(513));
        assertEquals(1L << 20, DeviceAllocator.sizeClass((1L << 20) - 1));
        assertEquals(2L << 20, DeviceAllocator.sizeClass(1L << 20));
        assertEquals(6L << 20, DeviceAllocator.sizeClass((4L << 20) + 1));
    }

    @Test
    void releasedBlocksAreReusedWithoutTheDriver() {
        FakeRaw raw = new FakeRaw();
        DeviceAllocator a = new DeviceAllocator(raw, () -> false);
        DeviceAllocator.Block b1 = a.allocate(1000, "t");
        a.release(b1);
        DeviceAllocator.Block b2 = a.allocate(900, "t");
        assertEquals(b1.address, b2.address);
        assertEquals(1, a.driverAllocations());
        assertThrows(IllegalStateException.class, () -> {
            a.release(b2);
            a.release(b2);
        });
    }

    /** The StepArena pattern: the same allocation sequence every step never reaches cuMemAlloc again. */
    @Test
    void steadyStateArenaStepsDoNotAllocate() {
        FakeRaw raw = new FakeRaw();
        DeviceAllocator a = new DeviceAllocator(raw, () -> false);
        StepArena.StorageAllocator storage = new StepArena.StorageAllocator() {
            @Override
            public Storage allocate(DType dtype, long numel) {
                DeviceAllocator.Block b = a.allocate(4 * numel, "arena block");
                return new DeviceStorage(dtype, numel, b.address, b);
            }

            @Override
            public void fillZero(Tensor t) {}

            @Override
            public void free(Storage s) {
                a.release(((DeviceStorage) s).block);
            }
        };
        StepArena arena = new StepArena(storage);
        for (int step = 0; step < 5; step++) {
            arena.reset();
            arena.allocate(512, 256);
            arena.allocate(DType.I32, false, 3000);
            arena.allocate(1 << 21);
            arena.allocate(64);
            if (step == 0) {
                assertTrue(a.driverAllocations() > 0);
            }
        }
        long afterFirst = a.driverAllocations();
        arena.reset();
        arena.allocate(512, 256);
        arena.allocate(DType.I32, false, 3000);
        arena.allocate(1 << 21);
        arena.allocate(64);
        assertEquals(afterFirst, a.driverAllocations());
        arena.close();
        assertEquals(0, a.bytesInUse());
    }

    @Test
    void outOfMemoryReturnsTheCacheThenReportsBytesAndFreeMemory() {
        FakeRaw raw = new FakeRaw();
        raw.budget = 8L << 20;
        DeviceAllocator a = new DeviceAllocator(raw, () -> false);
        a.release(a.allocate(6L << 20, "cached"));
        DeviceAllocator.Block big = a.allocate(4L << 20, "retry fits after the cache is returned");
        assertEquals(1, raw.syncs, "the stream drains before cached blocks are freed");
        assertEquals(1, raw.freed.size());
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> a.allocate(6L << 20, "x (3, 4)"));
        assertTrue(e.getMessage().contains("6291456 bytes") && e.getMessage().contains("for x (3, 4)")
                && e.getMessage().contains("4 MiB free of 8 MiB") && e.getMessage().contains("nvidia-smi"),
                e.getMessage());
        assertEquals(6L << 20, e.requestedBytes());
        a.release(big);
    }

    @Test
    void allocatingDuringCaptureIsRefusedWithTheWarmUpRule() {
        DeviceAllocator a = new DeviceAllocator(new FakeRaw(), () -> true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.allocate(100, "a tensor"));
        assertTrue(e.getMessage().contains("graph capture") && e.getMessage().contains("eagerly first"), e.getMessage());
    }
}
