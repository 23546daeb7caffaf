package org.mbrl4j.backend.cuda;

import java.util.List;
import jcuda.driver.CUgraphExec;
import jcuda.driver.JCudaDriver;

/**
 * An instantiated CUDA graph captured by {@link CudaGraphs#capture}: {@link #launch()} replays the
 * recorded kernels on the backend's stream with the addresses and by-value arguments of the capture,
 * then runs the host hooks registered during capture (device counters' mirrors).
 */
public final class CudaGraph implements AutoCloseable {
    private final CudaContext ctx;
    private final String name;
    private final CUgraphExec exec;
    private final List<Runnable> replayHooks;
    private final int kernels;
    private long replays;
    private boolean closed;

    CudaGraph(CudaContext ctx, String name, CUgraphExec exec, List<Runnable> replayHooks, int kernels) {
        this.ctx = ctx;
        this.name = name;
        this.exec = exec;
        this.replayHooks = List.copyOf(replayHooks);
        this.kernels = kernels;
    }

    /** Enqueues one replay (asynchronous, like any launch). */
    @SuppressWarnings("try") // the NVTX range is closed by try-with-resources, never read
    public void launch() {
        if (closed) {
            throw new IllegalStateException("graph '" + name + "' is closed");
        }
        ctx.makeCurrent();
        try (var range = Nvtx.range(name)) {
            Cu.check(JCudaDriver.cuGraphLaunch(exec, ctx.stream), "cuGraphLaunch", "replaying graph '" + name + "'");
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
            ctx.makeCurrent();
            Cu.check(JCudaDriver.cuGraphExecDestroy(exec), "cuGraphExecDestroy", "closing graph '" + name + "'");
            closed = true;
        }
    }
}
