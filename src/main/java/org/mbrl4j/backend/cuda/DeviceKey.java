package org.mbrl4j.backend.cuda;

import org.mbrl4j.rng.PhiloxKey;

/**
 * A Philox key resident in device memory at a fixed address, for CUDA graphs (kernels/philox.cuh,
 * random.cu "CUDA graphs"): the device holds {seed, stream, base}; a draw with
 * {@code PhiloxKey(seed, stream, counter)} captured into a graph passes this address and the
 * capture-time offset {@code counter - base}. The captured step ends with {@link #advance}, which
 * enqueues {@code philox_key_advance} so every replay moves base forward and draws fresh numbers.
 * The host mirror of base follows: immediately outside capture, after each replay inside.
 *
 * <p>Create with {@link CudaGraphs#bindKey} before capture.
 */
public final class DeviceKey {
    private final PhiloxKeys owner;
    final long address;
    private final long seed;
    private final long stream;
    private volatile long base;

    DeviceKey(PhiloxKeys owner, long address, long seed, long stream, long base) {
        this.owner = owner;
        this.address = address;
        this.seed = seed;
        this.stream = stream;
        this.base = base;
    }

    /** The key whose counter is the device's current base (after the replays so far). */
    public PhiloxKey current() {
        return new PhiloxKey(seed, stream, base);
    }

    /** Enqueues base += blocks on the device (in the graph, when capturing). */
    public void advance(long blocks) {
        owner.advance(this, blocks);
    }

    long seed() {
        return seed;
    }

    long stream() {
        return stream;
    }

    long base() {
        return base;
    }

    void moveBase(long blocks) {
        base += blocks;
    }

    void resetBase(long value) {
        base = value;
    }
}
