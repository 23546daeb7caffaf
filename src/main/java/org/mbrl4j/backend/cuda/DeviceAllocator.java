package org.mbrl4j.backend.cuda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Caching device allocator: released blocks go to a free list per size class and are handed out
 * again, so a steady-state step (the StepArena reuses its blocks, persistent tensors are allocated
 * once) never calls cuMemAlloc. {@link #driverAllocations()} counts the real allocations; a test
 * checks that it stays constant across repeated steps.
 *
 * <p>Size classes: requests below 1 MiB round up to a power of two (at least 512 bytes), larger ones
 * to a multiple of 2 MiB. Reuse without synchronization is safe because the backend has one stream:
 * work enqueued on a block before its release runs before work enqueued after its reuse.
 *
 * <p>Out of memory: the allocator first returns its cached blocks to the driver (after a stream
 * synchronize) and retries; if that fails too it throws {@link CudaOutOfMemoryException} with the
 * bytes asked, the device's free and total memory and what this backend holds.
 */
final class DeviceAllocator {
    /** Requests of at least this many bytes round up to a multiple of {@link #LARGE_GRANULE}. */
    static final long LARGE_THRESHOLD = 1L << 20;
    static final long LARGE_GRANULE = 2L << 20;
    static final long MIN_BYTES = 512;

    /** The driver side, so the pooling logic can be tested without a device. */
    interface Raw {
        /** cuMemAlloc; throws CudaException (result 2 on out of memory). */
        long allocate(long bytes);

        /** cuMemFree. */
        void free(long address);

        /** {free, total} from cuMemGetInfo. */
        long[] memoryInfo();

        /** Waits for the stream, so freeing cached blocks cannot race pending work. */
        void synchronize();
    }

    /** One driver allocation. */
    static final class Block {
        final long address;
        final long bytes;
        boolean inUse;

        Block(long address, long bytes) {
            this.address = address;
            this.bytes = bytes;
        }
    }

    private final Raw raw;
    private final BooleanSupplier capturing;
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private final List<Block> all = new ArrayList<>();
    private long driverAllocations;
    private long bytesInUse;
    private long bytesCached;

    DeviceAllocator(Raw raw, BooleanSupplier capturing) {
        this.raw = raw;
        this.capturing = capturing;
    }

    /** The size class of a request. */
    static long sizeClass(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        }
        if (bytes >= LARGE_THRESHOLD) {
            return Math.multiplyExact(Math.ceilDiv(bytes, LARGE_GRANULE), LARGE_GRANULE);
        }
        return Math.max(MIN_BYTES, Long.highestOneBit(Math.max(bytes - 1, 1)) << 1);
    }

    /** A block of at least {@code bytes}; {@code what} names the request in error messages. */
    Block allocate(long bytes, String what) {
        long size = sizeClass(bytes);
        ArrayDeque<Block> q = free.get(size);
        if (q != null && !q.isEmpty()) {
            Block b = q.pop();
            b.inUse = true;
            bytesCached -= size;
            bytesInUse += size;
            return b;
        }
        if (capturing.getAsBoolean()) {
            throw new IllegalStateException("cuMemAlloc of " + size + " bytes (" + what + ") during CUDA graph capture:"
                    + " run the captured function once eagerly first, so every buffer it uses already exists");
        }
        long address = allocateFromDriver(size, what);
        Block b = new Block(address, size);
        b.inUse = true;
        all.add(b);
        driverAllocations++;
        bytesInUse += size;
        return b;
    }

    private long allocateFromDriver(long size, String what) {
        try {
            return raw.allocate(size);
        } catch (CudaException first) {
            if (first.result() != Cu.ERROR_OUT_OF_MEMORY) {
                throw first;
            }
            releaseCached();
            try {
                return raw.allocate(size);
            } catch (CudaException second) {
                if (second.result() != Cu.ERROR_OUT_OF_MEMORY) {
                    throw second;
                }
                throw outOfMemory(size, what, second.result());
            }
        }
    }

    private CudaOutOfMemoryException outOfMemory(long size, String what, int result) {
        long[] info = raw.memoryInfo();
        return new CudaOutOfMemoryException("CUDA out of memory: cuMemAlloc of " + size + " bytes (" + mib(size)
                + " MiB) for " + what + " failed; the device has " + mib(info[0]) + " MiB free of " + mib(info[1])
                + " MiB; this backend holds " + mib(bytesInUse) + " MiB in use (cached blocks were already returned)."
                + " Fix: reduce batch_size, num_samples or the model size, or free the GPU of other processes"
                + " (nvidia-smi lists them)", result, size);
    }

    /** Returns a block to its free list. */
    void release(Block b) {
        if (!b.inUse) {
            throw new IllegalStateException("device block @0x" + Long.toHexString(b.address) + " released twice");
        }
        b.inUse = false;
        bytesInUse -= b.bytes;
        bytesCached += b.bytes;
        free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
    }

    /** Frees every cached (released) block back to the driver, after the stream has drained. */
    void releaseCached() {
        if (bytesCached == 0) {
            return;
        }
        raw.synchronize();
        for (ArrayDeque<Block> q : free.values()) {
            for (Block b : q) {
                raw.free(b.address);
                all.remove(b);
            }
            q.clear();
        }
        bytesCached = 0;
    }

    /** Frees everything (the backend is closing; its stream has been synchronized). */
    void close() {
        for (Block b : all) {
            raw.free(b.address);
        }
        all.clear();
        free.clear();
        bytesInUse = 0;
        bytesCached = 0;
    }

    /** cuMemAlloc calls so far: constant in steady state. */
    long driverAllocations() {
        return driverAllocations;
    }

    long bytesInUse() {
        return bytesInUse;
    }

    long bytesCached() {
        return bytesCached;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
