package org.mbrl4j.backend.cuda;

/**
 * What an op launcher may do to the device: enqueue kernels and a few small stream-ordered writes on
 * the backend's one stream. This is the only seam between the launchers (which validate and build
 * {@link KernelCall}s) and the driver ({@link StreamQueue}); the CPU-side validation tests replace it
 * with a recording fake, since what they test is Java validation, not numerics.
 */
interface DeviceQueue {

    /** Enqueues one kernel. Throws {@link CudaException} naming the call when the driver refuses it. */
    void launch(KernelCall call);

    /** Stream-ordered fill of {@code count} 32-bit words at {@code address} with {@code value} (capturable). */
    void fill32(long address, long count, int value, String op);

    /**
     * Stream-ordered write of 32-bit words to device memory at {@code address}, taken by value now:
     * kernels enqueued before it read the old value, kernels after it the new one. Not capturable
     * (a graph would replay the capture-time value): throws IllegalStateException while capturing.
     */
    void writeWords(long address, int[] words, String op);

    /**
     * The device address of an immutable copy of {@code bytes} (a descriptor table), uploaded once and
     * cached by content for the backend's life, so the same table always has the same address (a
     * captured graph can keep it). A new table while capturing throws IllegalStateException: run the
     * captured function once eagerly first.
     */
    long table(byte[] bytes, String op);

    /**
     * A persistent device buffer of at least {@code bytes}, zeroed when created, one per name; a
     * larger request creates a new buffer (the old one stays alive until close, since a graph may
     * hold its address). Creating one while capturing throws IllegalStateException.
     */
    long scratch(String name, long bytes);

    /**
     * Host bookkeeping that must follow the device: while capturing, {@code hook} runs after every
     * replay of the graph being captured (e.g. a device counter's host mirror advances); otherwise it
     * runs now.
     */
    void onReplay(Runnable hook);

    /** True between cuStreamBeginCapture and cuStreamEndCapture on the backend's stream. */
    boolean capturing();

    DeviceLimits limits();
}
