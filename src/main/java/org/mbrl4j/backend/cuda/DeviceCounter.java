package org.mbrl4j.backend.cuda;

/**
 * Adam's 1-based step in device memory at a fixed address, for CUDA graphs (optim.cu "CUDA graphs"):
 * a captured {@code adam(...)} reads the step from here instead of taking it by value, and the
 * captured update ends with {@link #advance()}, which enqueues {@code adam_step_advance} so replays
 * see t = t0, t0 + 1, ... The host mirror {@link #value()} follows (after each replay when captured).
 *
 * <p>Create with {@link CudaGraphs#bindAdamStep} before capture.
 */
public final class DeviceCounter {
    private final CudaOptimOps owner;
    final long address;
    private volatile int value;

    DeviceCounter(CudaOptimOps owner, long address, int value) {
        this.owner = owner;
        this.address = address;
        this.value = value;
    }

    /** The step the next replay (or eager adam) will use. */
    public int value() {
        return value;
    }

    /** Enqueues *step += 1 on the device (in the graph, when capturing). */
    public void advance() {
        owner.advanceStep(this);
    }

    void increment() {
        value++;
    }

    void reset(int v) {
        value = v;
    }
}
