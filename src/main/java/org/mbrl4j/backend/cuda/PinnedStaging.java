package org.mbrl4j.backend.cuda;

import java.lang.foreign.MemorySegment;
import jcuda.Pointer;
import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

/**
 * One page-locked host buffer (cuMemHostAlloc) for host↔device copies, grown on demand. The driver
 * reads a pinned source when the copy executes, not when it is enqueued, so {@link #acquire} waits
 * for the event recorded after the buffer's previous copy before handing it out again.
 */
final class PinnedStaging implements AutoCloseable {
    /** cuEventCreate flag: no timing, cheaper to record and wait on. */
    private static final int CU_EVENT_DISABLE_TIMING = 2;
    private static final long MIN_BYTES = 1L << 20;

    private final CudaContext ctx;
    private final String name;
    private final CUevent lastCopy = new CUevent();
    private Pointer host;
    private MemorySegment segment;
    private long capacity;
    private boolean pending;

    PinnedStaging(CudaContext ctx, String name) {
        this.ctx = ctx;
        this.name = name;
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuEventCreate(lastCopy, CU_EVENT_DISABLE_TIMING), "cuEventCreate", "creating " + name);
    }

    /** The buffer, at least {@code bytes} long, free to overwrite. */
    MemorySegment acquire(long bytes) {
        ctx.makeCurrent();
        if (pending) {
            Cu.check(JCudaDriver.cuEventSynchronize(lastCopy), "cuEventSynchronize", "reusing " + name);
            pending = false;
        }
        if (bytes > capacity) {
            freeHost();
            long size = Math.max(MIN_BYTES, Long.highestOneBit(bytes - 1) << 1);
            Pointer p = new Pointer();
            Cu.check(JCudaDriver.cuMemHostAlloc(p, size, 0), "cuMemHostAlloc", "allocating " + size + " pinned bytes for "
                    + name);
            host = p;
            segment = MemorySegment.ofBuffer(p.getByteBuffer(0, size));
            capacity = size;
        }
        return segment;
    }

    /** The buffer as a JCuda host pointer (valid after {@link #acquire}). */
    Pointer pointer() {
        return host;
    }

    /** Records that a copy reading or writing the buffer was just enqueued. */
    void enqueued() {
        Cu.check(JCudaDriver.cuEventRecord(lastCopy, ctx.stream), "cuEventRecord", "tracking " + name);
        pending = true;
    }

    private void freeHost() {
        if (host != null) {
            Cu.check(JCudaDriver.cuMemFreeHost(host), "cuMemFreeHost", "growing " + name);
            host = null;
            segment = null;
            capacity = 0;
        }
    }

    @Override
    public void close() {
        ctx.makeCurrent();
        if (pending) {
            Cu.check(JCudaDriver.cuEventSynchronize(lastCopy), "cuEventSynchronize", "closing " + name);
        }
        freeHost();
        Cu.check(JCudaDriver.cuEventDestroy(lastCopy), "cuEventDestroy", "closing " + name);
    }
}
