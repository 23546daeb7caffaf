package org.mbrl4j.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * The driver beneath {@link CudaBackend}: device memory, the one stream's copies, fills and kernel
 * launches, synchronization and stream capture. {@link JCudaDevice} is the real driver (JCuda on
 * device 0); {@link EmulatedDevice} runs the same kernels, compiled for the host, on host memory
 * ({@code device=cuda-emulated}). Everything above this seam (the launchers, the caching allocator,
 * graph bookkeeping, the capture rules) is shared, so the emulator exercises it unchanged.
 *
 * <p>Ordering: every call is stream-ordered after the calls before it. While capturing, launches,
 * fills and device-to-device copies are recorded into the graph instead of running; host copies,
 * writes taken by value, allocation and synchronization are not capturable and throw.
 */
sealed interface DeviceDriver permits JCudaDevice, EmulatedDevice {

    DeviceLimits limits();

    /** The driver part of {@link CudaBackend#describe()}, e.g. "driver API 13.0". */
    String describe();

    /** Raw allocation for the caching allocator. */
    DeviceAllocator.Raw memory();

    /** Enqueues one kernel; throws {@link CudaException} naming the call when it cannot be launched. */
    void launch(KernelCall call);

    /** {@code count} 32-bit words at {@code address} set to {@code value}. */
    void fill32(long address, long count, int value, String op);

    /** Words written to device memory, taken by value now (the array may be reused at once). */
    void write(long address, int[] words, String op);

    /** Bytes written to device memory, taken by value now (the array may be reused at once). */
    void write(long address, byte[] bytes, String op);

    /** Device-to-device copy of {@code bytes}. */
    void copy(long src, long dst, long bytes, String op);

    /** Host to device; returns once the source may be reused. */
    void upload(MemorySegment heap, long heapOffset, long device, long bytes, String op);

    /** Device to host; returns when the bytes are in {@code heap} (waits for the stream). */
    void download(long device, MemorySegment heap, long heapOffset, long bytes, String op);

    /** Waits for all work on the stream; {@code op} names the caller for error messages. */
    void synchronize(String op);

    /** Starts recording the stream into a graph. */
    void beginCapture(String op);

    /**
     * Ends the capture. With {@code discard} (the captured body threw) the recording is dropped,
     * errors are ignored and null is returned; otherwise the instantiated graph.
     */
    Graph endCapture(String op, boolean discard);

    /** Releases the driver's state; the backend has already synchronized and freed its memory. */
    void close();

    /** An instantiated graph. */
    interface Graph {
        /** Enqueues one replay on the stream. */
        void launch(String name);

        void close(String name);
    }
}
