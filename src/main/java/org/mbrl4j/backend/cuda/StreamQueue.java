package org.mbrl4j.backend.cuda;

import static jcuda.driver.CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.JCudaDriver;

/**
 * The real {@link DeviceQueue}: launches through JCuda's cuLaunchKernel on the backend's stream,
 * small by-value writes as stream-ordered copies from pageable memory (the driver stages the source
 * before returning, so the array can be reused at once), and the content-cached tables and named
 * scratch buffers the launchers keep at fixed addresses.
 *
 * <p>{@code -Dmbrl.cuda.syncEachLaunch=true} synchronizes after every launch so an asynchronous fault
 * names its kernel; {@code -Dmbrl.nvtx.launches=true} wraps each launch in an NVTX range named after
 * its entry point.
 */
final class StreamQueue implements DeviceQueue {
    private final CudaContext ctx;
    private final PtxModules modules;
    private final DeviceAllocator allocator;
    private final boolean syncEachLaunch = Boolean.getBoolean("mbrl.cuda.syncEachLaunch");
    private final boolean nvtxLaunches = Boolean.getBoolean("mbrl.nvtx.launches");
    private final Map<Table, Long> tables = new HashMap<>();
    private final Map<String, DeviceAllocator.Block> scratch = new HashMap<>();
    private final List<DeviceAllocator.Block> retired = new ArrayList<>();
    private final Map<CUfunction, Integer> dynamicShared = new HashMap<>();
    private boolean capturing;
    private List<Runnable> replayHooks;
    private String lastLaunch = "(none)";
    private long launches;

    StreamQueue(CudaContext ctx, PtxModules modules, DeviceAllocator allocator) {
        this.ctx = ctx;
        this.modules = modules;
        this.allocator = allocator;
    }

    @Override
    @SuppressWarnings("try") // the NVTX range is closed by try-with-resources, never read
    public void launch(KernelCall call) {
        ctx.makeCurrent();
        CUfunction f = modules.function(call.module(), call.entry());
        if (call.sharedBytes() > dynamicShared.getOrDefault(f, 0)) {
            Cu.check(JCudaDriver.cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, call.sharedBytes()),
                    "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES)", call.describe());
            dynamicShared.put(f, call.sharedBytes());
        }
        try (var range = nvtxLaunches ? Nvtx.range(call.entry()) : Nvtx.NONE) {
            Cu.check(JCudaDriver.cuLaunchKernel(f, call.grid().x(), call.grid().y(), call.grid().z(), call.block().x(),
                    call.block().y(), call.block().z(), call.sharedBytes(), ctx.stream, params(call.args()), null),
                    "cuLaunchKernel", call.describe());
        }
        lastLaunch = call.describe();
        launches++;
        if (syncEachLaunch && !capturing) {
            Cu.check(JCudaDriver.cuStreamSynchronize(ctx.stream), "cuStreamSynchronize (syncEachLaunch)", call.describe());
        }
    }

    /** cuLaunchKernel's kernelParams: one pointer per argument to a host copy of its value. */
    private static Pointer params(List<KernelArg> args) {
        NativePointerObject[] values = new NativePointerObject[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (args.get(i)) {
                case KernelArg.I32 a -> Pointer.to(new int[] {a.value()});
                case KernelArg.I64 a -> Pointer.to(new long[] {a.value()});
                case KernelArg.F32 a -> Pointer.to(new float[] {a.value()});
                case KernelArg.Ptr a -> Pointer.to(new long[] {a.address()});
            };
        }
        return Pointer.to(values);
    }

    @Override
    public void fill32(long address, long count, int value, String op) {
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuMemsetD32Async(DevicePtr.at(address), value, count, ctx.stream), "cuMemsetD32Async", op);
    }

    @Override
    public void writeWords(long address, int[] words, String op) {
        requireNotCapturing("writeWords for " + op + " (the value would be frozen into the graph)");
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuMemcpyHtoDAsync(DevicePtr.at(address), Pointer.to(words), 4L * words.length, ctx.stream),
                "cuMemcpyHtoDAsync", op);
    }

    @Override
    public long table(byte[] bytes, String op) {
        Table key = new Table(bytes);
        Long address = tables.get(key);
        if (address != null) {
            return address;
        }
        requireNotCapturing("a new descriptor table for " + op);
        DeviceAllocator.Block b = allocator.allocate(bytes.length, "descriptor table for " + op);
        ctx.makeCurrent();
        Table copy = new Table(bytes.clone()); // the caller may reuse its array
        Cu.check(JCudaDriver.cuMemcpyHtoDAsync(DevicePtr.at(b.address), Pointer.to(copy.bytes), bytes.length, ctx.stream),
                "cuMemcpyHtoDAsync", "uploading the descriptor table for " + op);
        tables.put(copy, b.address);
        return b.address;
    }

    @Override
    public long scratch(String name, long bytes) {
        DeviceAllocator.Block b = scratch.get(name);
        if (b != null && b.bytes >= bytes) {
            return b.address;
        }
        requireNotCapturing("scratch buffer '" + name + "' of " + bytes + " bytes");
        if (b != null) {
            retired.add(b); // a captured graph may still hold its address: keep it until close
        }
        DeviceAllocator.Block fresh = allocator.allocate(Math.max(bytes, 4), "scratch '" + name + "'");
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuMemsetD32Async(DevicePtr.at(fresh.address), 0, fresh.bytes / 4, ctx.stream),
                "cuMemsetD32Async", "zeroing scratch '" + name + "'");
        scratch.put(name, fresh);
        return fresh.address;
    }

    @Override
    public boolean capturing() {
        return capturing;
    }

    @Override
    public void onReplay(Runnable hook) {
        if (capturing) {
            replayHooks.add(hook);
        } else {
            hook.run();
        }
    }

    /** Starts collecting replay hooks; the stream is now capturing. */
    void beginCapture() {
        capturing = true;
        replayHooks = new ArrayList<>();
    }

    /** The hooks registered during the capture that just ended. */
    List<Runnable> endCapture() {
        capturing = false;
        List<Runnable> hooks = replayHooks;
        replayHooks = null;
        return hooks;
    }

    @Override
    public DeviceLimits limits() {
        return ctx.limits;
    }

    /** Kernel launches enqueued so far. */
    long launches() {
        return launches;
    }

    /** The last launch enqueued, for error messages about asynchronous faults. */
    String lastLaunch() {
        return lastLaunch;
    }

    void requireNotCapturing(String what) {
        if (capturing) {
            throw new IllegalStateException(what + " is not allowed while a CUDA graph is being captured: do it before"
                    + " capture (run the function once eagerly as a warm-up), or outside the captured region");
        }
    }

    /** A table's bytes as a map key (records compare arrays by identity). */
    private record Table(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Table t && Arrays.equals(bytes, t.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
