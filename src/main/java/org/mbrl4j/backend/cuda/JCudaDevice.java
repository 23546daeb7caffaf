package org.mbrl4j.backend.cuda;

import static jcuda.driver.CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

/**
 * The real {@link DeviceDriver}: JCuda on device 0's primary context and one stream
 * ({@link CudaContext}), the PTX modules ({@link PtxModules}), and pinned staging buffers for host
 * copies. Small by-value writes go as stream-ordered copies from pageable memory (the driver stages
 * the source before returning, so the array can be reused at once).
 */
final class JCudaDevice implements DeviceDriver {
    /** Largest piece of one host transfer staged at a time. */
    private static final long TRANSFER_CHUNK = 64L << 20;

    final CudaContext ctx;
    private final PtxModules modules;
    private final PinnedStaging uploads;
    private final PinnedStaging downloads;
    private final Map<CUfunction, Integer> dynamicShared = new HashMap<>();

    private JCudaDevice(CudaContext ctx, PtxModules modules, PinnedStaging uploads, PinnedStaging downloads) {
        this.ctx = ctx;
        this.modules = modules;
        this.uploads = uploads;
        this.downloads = downloads;
    }

    /** Opens device 0 and loads every PTX module; throws {@link CudaUnavailableException} without a device. */
    static JCudaDevice open() {
        CudaContext ctx = CudaContext.open();
        try {
            PtxModules modules = new PtxModules(ctx, PtxModules.archFor(ctx.limits));
            return new JCudaDevice(ctx, modules, new PinnedStaging(ctx, "the upload staging buffer"),
                    new PinnedStaging(ctx, "the download staging buffer"));
        } catch (RuntimeException e) {
            try {
                ctx.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public DeviceLimits limits() {
        return ctx.limits;
    }

    @Override
    public String describe() {
        return "driver API " + ctx.driverVersion / 1000 + "." + (ctx.driverVersion % 1000) / 10;
    }

    @Override
    public DeviceAllocator.Raw memory() {
        return ctx.memory();
    }

    @Override
    public void launch(KernelCall call) {
        ctx.makeCurrent();
        CUfunction f = modules.function(call.module(), call.entry());
        if (call.sharedBytes() > dynamicShared.getOrDefault(f, 0)) {
            Cu.check(JCudaDriver.cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, call.sharedBytes()),
                    "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES)", call.describe());
            dynamicShared.put(f, call.sharedBytes());
        }
        Cu.check(JCudaDriver.cuLaunchKernel(f, call.grid().x(), call.grid().y(), call.grid().z(), call.block().x(),
                call.block().y(), call.block().z(), call.sharedBytes(), ctx.stream, params(call.args()), null),
                "cuLaunchKernel", call.describe());
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
    public void write(long address, int[] words, String op) {
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuMemcpyHtoDAsync(DevicePtr.at(address), Pointer.to(words), 4L * words.length, ctx.stream),
                "cuMemcpyHtoDAsync", op);
    }

    @Override
    public void write(long address, byte[] bytes, String op) {
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuMemcpyHtoDAsync(DevicePtr.at(address), Pointer.to(bytes), bytes.length, ctx.stream),
                "cuMemcpyHtoDAsync", op);
    }

    @Override
    public void copy(long src, long dst, long bytes, String op) {
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuMemcpyDtoDAsync(DevicePtr.at(dst), DevicePtr.at(src), bytes, ctx.stream),
                "cuMemcpyDtoDAsync", op);
    }

    /** Heap → pinned staging → device, in chunks; returns once enqueued (the staging is event-guarded). */
    @Override
    public void upload(MemorySegment heap, long heapOffset, long device, long bytes, String op) {
        for (long done = 0; done < bytes; done += TRANSFER_CHUNK) {
            long n = Math.min(TRANSFER_CHUNK, bytes - done);
            MemorySegment stage = uploads.acquire(n);
            MemorySegment.copy(heap, heapOffset + done, stage, 0, n);
            Cu.check(JCudaDriver.cuMemcpyHtoDAsync(DevicePtr.at(device + done), uploads.pointer(), n, ctx.stream),
                    "cuMemcpyHtoDAsync", op);
            uploads.enqueued();
        }
    }

    /** Device → pinned staging → heap, in chunks; waits for the stream. */
    @Override
    public void download(long device, MemorySegment heap, long heapOffset, long bytes, String op) {
        for (long done = 0; done < bytes; done += TRANSFER_CHUNK) {
            long n = Math.min(TRANSFER_CHUNK, bytes - done);
            MemorySegment stage = downloads.acquire(n);
            Cu.check(JCudaDriver.cuMemcpyDtoHAsync(downloads.pointer(), DevicePtr.at(device + done), n, ctx.stream),
                    "cuMemcpyDtoHAsync", op);
            ctx.synchronize(op);
            MemorySegment.copy(stage, 0, heap, heapOffset + done, n);
        }
    }

    @Override
    public void synchronize(String op) {
        ctx.synchronize(op);
    }

    @Override
    public void beginCapture(String op) {
        ctx.makeCurrent();
        Cu.check(JCudaDriver.cuStreamBeginCapture(ctx.stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL),
                "cuStreamBeginCapture", op);
    }

    @Override
    public Graph endCapture(String op, boolean discard) {
        CUgraph graph = new CUgraph();
        int ended = JCudaDriver.cuStreamEndCapture(ctx.stream, graph);
        if (discard) {
            if (ended == 0) {
                JCudaDriver.cuGraphDestroy(graph);
            }
            return null;
        }
        Cu.check(ended, "cuStreamEndCapture", op + " (an operation during capture was not capturable)");
        CUgraphExec exec = new CUgraphExec();
        try {
            Cu.check(JCudaDriver.cuGraphInstantiate(exec, graph, 0L), "cuGraphInstantiate", op);
        } finally {
            Cu.check(JCudaDriver.cuGraphDestroy(graph), "cuGraphDestroy", op);
        }
        return new Graph() {
            @Override
            public void launch(String name) {
                ctx.makeCurrent();
                Cu.check(JCudaDriver.cuGraphLaunch(exec, ctx.stream), "cuGraphLaunch", "replaying graph '" + name + "'");
            }

            @Override
            public void close(String name) {
                ctx.makeCurrent();
                Cu.check(JCudaDriver.cuGraphExecDestroy(exec), "cuGraphExecDestroy", "closing graph '" + name + "'");
            }
        };
    }

    @Override
    public void close() {
        uploads.close();
        downloads.close();
        modules.close();
        ctx.close();
    }
}
