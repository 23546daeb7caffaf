package org.mbrl4j.backend.cuda;

import java.util.List;

/**
 * An instantiated CUDA graph captured by {@link CudaGraphs#capture}: {@link #launch()} replays the
 * recorded kernels on the backend's stream with the addresses and by-value arguments of the capture,
 * then runs the host hooks registered during capture (device counters' mirrors).
 */
public final class CudaGraph implements AutoCloseable {
    private final String name;
    private final DeviceDriver.Graph graph;
    private final List<Runnable> replayHooks;
    private final int kernels;
    private long replays;
    private boolean closed;

    CudaGraph(String name, DeviceDriver.Graph graph, List<Runnable> replayHooks, int kernels) {
        this.name = name;
        this.graph = graph;
        this.replayHooks = List.copyOf(replayHooks);
        this.kernels = kernels;
    }

    /** Enqueues one replay (asynchronous, like any launch). */
    @SuppressWarnings("try") // the NVTX range is closed by try-with-resources, never read
    public void launch() {
        if (closed) {
            throw new IllegalStateException("graph '" + name + "' is closed");
        }
        try (var range = Nvtx.range(name)) {
            graph.launch(name);
        }
        replayHooks.forEach(Runnable::run);
        replays++;
    }

    public String name() {
        return name;
    }

    /** Kernel launches recorded during capture. */
    public int kernels() {
        return kernels;
    }

    public long replays() {
        return replays;
    }

    @Override
    public void close() {
        if (!closed) {
            graph.close(name);
            closed = true;
        }
    }
}
