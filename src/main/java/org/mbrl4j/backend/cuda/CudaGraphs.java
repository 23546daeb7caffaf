package org.mbrl4j.backend.cuda;

import java.util.List;
import org.mbrl4j.backend.OptimOps;

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
 * On a GPU capture uses CU_STREAM_CAPTURE_MODE_GLOBAL, so a forbidden call from any thread invalidates
 * it; on the emulator ({@link EmulatedDevice}) the recording is a list of launches, fills and copies.
 */
public final class CudaGraphs {
    private final DeviceDriver driver;
    private final StreamQueue queue;
    private final PhiloxKeys keys;
    private final CudaOptimOps optim;

    CudaGraphs(DeviceDriver driver, StreamQueue queue, PhiloxKeys keys, CudaOptimOps optim) {
        this.driver = driver;
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
        String op = "capturing graph '" + name + "'";
        driver.beginCapture(op);
        queue.beginCapture();
        long launchesBefore = queue.launches();
        RuntimeException failure = null;
        try (var range = Nvtx.range("capture " + name)) {
            body.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Runnable> hooks = queue.endCapture();
        if (failure != null) {
            driver.endCapture(op, true);
            throw failure;
        }
        DeviceDriver.Graph graph = driver.endCapture(op, false);
        return new CudaGraph(name, graph, hooks, (int) (queue.launches() - launchesBefore));
    }

    /**
     * Puts the Philox key (seed, stream) in device memory with base {@code counter}; draws with this
     * seed and stream captured afterwards read it (offset = counter - base).
     */
    public DeviceKey bindKey(long seed, long stream, long counter) {
        return keys.bind(seed, stream, counter);
    }

    /** Puts Adam's step in device memory; a captured {@code adam(...)} of an optimizer without its own counter reads it. */
    public DeviceCounter bindAdamStep(int step) {
        return optim.bindStep(step);
    }

    /**
     * Puts the step of the optimizer over {@code slots} in device memory: a captured {@code adam(slots, ...)}
     * reads this counter, whatever other optimizers the graph steps (one {@link DeviceCounter} per optimizer,
     * each advanced once per captured update).
     */
    public DeviceCounter bindAdamStep(List<OptimOps.AdamSlot> slots, int step) {
        return optim.bindStep(slots, step);
    }

    public boolean capturing() {
        return queue.capturing();
    }
}
