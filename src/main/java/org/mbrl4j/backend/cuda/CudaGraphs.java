package org.mbrl4j.backend.cuda;

import java.util.List;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

/**
 * CUDA-graph capture on the backend's stream, for {@code plan()} and {@code update()}: capture once,
 * replay many times. The rules a captured function must follow (see package-info):
 * <ol>
 *   <li><b>Fixed addresses.</b> A graph replays the device addresses it saw. Every tensor it touches
 *       must keep its storage for the graph's life: persistent tensors, or tensors of a StepArena whose
 *       allocation sequence is identical in every step (reset, same shapes, same order) and which is
 *       not closed or re-sized while the graph lives. Inputs are copied into those fixed tensors
 *       before {@link CudaGraph#launch()} (upload outside the captured region).</li>
 *   <li><b>Device scalars.</b> Kernel arguments are frozen at capture. Values that change per replay
 *       live in device memory: Philox keys ({@link #bindKey}, then {@link DeviceKey#advance} at the
 *       end of the captured step) and Adam's step ({@link #bindAdamStep}, then
 *       {@link DeviceCounter#advance}); the squared gradient norm stays on device by construction.</li>
 *   <li><b>Warm up first.</b> Run the function once eagerly before capture: capture may not allocate
 *       (cuMemAlloc), upload descriptor tables, create scratch buffers, copy to or from the host, or
 *       synchronize; each throws IllegalStateException naming the call.</li>
 * </ol>
 * Capture uses CU_STREAM_CAPTURE_MODE_GLOBAL, so a forbidden call from any thread invalidates it.
 */
public final class CudaGraphs {
    private final CudaContext ctx;
    private final StreamQueue queue;
    private final PhiloxKeys keys;
    private final CudaOptimOps optim;

    CudaGraphs(CudaContext ctx, StreamQueue queue, PhiloxKeys keys, CudaOptimOps optim) {
        this.ctx = ctx;
        this.queue = queue;
        this.keys = keys;
        this.optim = optim;
    }

    /**
     * Records everything {@code body} enqueues on the backend's stream and instantiates it. If the body
     * throws, the capture is ended and discarded and the exception propagates.
     */
    @SuppressWarnings("try") // the NVTX range is closed by try-with-resources, never read
    public CudaGraph capture(String name, Runnable body) {
        queue.requireNotCapturing("capturing graph '" + name + "' (captures do not nest)");
        ctx.makeCurrent();
        String op = "capturing graph '" + name + "'";
        Cu.check(JCudaDriver.cuStreamBeginCapture(ctx.stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL),
                "cuStreamBeginCapture", op);
        queue.beginCapture();
        long launchesBefore = queue.launches();
        RuntimeException failure = null;
        try (var range = Nvtx.range("capture " + name)) {
            body.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Runnable> hooks = queue.endCapture();
        CUgraph graph = new CUgraph();
        int ended = JCudaDriver.cuStreamEndCapture(ctx.stream, graph);
        if (failure != null) {
            if (ended == 0) {
                JCudaDriver.cuGraphDestroy(graph);
            }
            throw failure;
        }
        Cu.check(ended, "cuStreamEndCapture", op + " (an operation during capture was not capturable)");
        CUgraphExec exec = new CUgraphExec();
        try {
            Cu.check(JCudaDriver.cuGraphInstantiate(exec, graph, 0L), "cuGraphInstantiate", op);
        } finally {
            Cu.check(JCudaDriver.cuGraphDestroy(graph), "cuGraphDestroy", op);
        }
        return new CudaGraph(ctx, name, exec, hooks, (int) (queue.launches() - launchesBefore));
    }

    /**
     * Puts the Philox key (seed, stream) in device memory with base {@code counter}; draws with this
     * seed and stream captured afterwards read it (offset = counter - base).
     */
    public DeviceKey bindKey(long seed, long stream, long counter) {
        return keys.bind(seed, stream, counter);
    }

    /** Puts Adam's step in device memory; a captured {@code adam(...)} reads it. */
    public DeviceCounter bindAdamStep(int step) {
        return optim.bindStep(step);
    }

    public boolean capturing() {
        return queue.capturing();
    }
}
