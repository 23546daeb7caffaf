package org.mbrl4j.backend.cuda;

import java.lang.foreign.MemorySegment;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.ConvOps;
import org.mbrl4j.backend.PixelOps;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.ProfilerRange;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.backend.RecurrentOps;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.backend.TransferContract;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Device;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Storage;
import org.mbrl4j.tensor.Tensor;

/**
 * The CUDA backend: every op of {@link Backend} runs a hand-written kernel from kernels/*.cu (PTX in
 * the jar) through JCuda's driver API on one stream of device 0's primary context. Construction
 * initializes the driver, loads every PTX module (a JIT failure shows its log here) and fails with
 * {@link CudaUnavailableException} when no usable device exists; nothing touches CUDA before that.
 * {@link #emulated} puts the host emulator ({@code kernels/emu}: the same kernels compiled by g++,
 * host memory as device memory) beneath the same launchers instead ({@code device=cuda-emulated}).
 *
 * <p>Memory: tensors live in {@link DeviceStorage} from a caching allocator (no cuMemAlloc in steady
 * state); host copies go through pinned staging buffers and are always explicit (upload, download).
 * Work is asynchronous: download and synchronize wait for the stream. Not thread-safe: one thread
 * drives a backend at a time (the context is bound to each thread on first use).
 */
public final class CudaBackend implements Backend {
    private final DeviceDriver driver;
    private final MatmulPrecision precision;
    private final DeviceAllocator allocator;
    private final StreamQueue queue;
    private final GemmProvider gemm;
    private final CudaOps ops;
    private final CudaGraphs graphs;
    private boolean closed;

    /** TF32 GEMMs (matmul_precision=tf32), the provider from {@code -Dmbrl.cuda.gemm}. */
    public CudaBackend() {
        this(MatmulPrecision.TF32, GemmChoice.fromSystemProperty());
    }

    public CudaBackend(MatmulPrecision precision) {
        this(precision, GemmChoice.fromSystemProperty());
    }

    public CudaBackend(MatmulPrecision precision, GemmChoice gemmChoice) {
        this(checked(precision, JCudaDevice::open), precision, gemmChoice);
    }

    /**
     * The CUDA backend on the host emulator: kernels/*.cu compiled by g++ into
     * kernels/build/emu/libmbrl4j_emu.so ({@code ./native-build.sh}), driven through the same launchers;
     * GEMMs by the kernels (cuBLAS does not exist there). Throws {@link CudaUnavailableException}
     * naming the path searched when the library is missing.
     */
    public static CudaBackend emulated(MatmulPrecision precision) {
        return new CudaBackend(checked(precision, EmulatedDevice::open), precision, GemmChoice.KERNELS);
    }

    /** Rejects a precision without a kernel before any driver is opened. */
    private static DeviceDriver checked(MatmulPrecision precision, java.util.function.Supplier<DeviceDriver> open) {
        variant(precision);
        return open.get();
    }

    /** Takes ownership of {@code driver}: closes it when construction fails. */
    CudaBackend(DeviceDriver driver, MatmulPrecision precision, GemmChoice gemmChoice) {
        this.driver = driver;
        this.precision = precision;
        try {
            KernelGemm.GemmVariant variant = variant(precision);
            StreamQueue[] holder = new StreamQueue[1];
            this.allocator = new DeviceAllocator(driver.memory(), () -> holder[0] != null && holder[0].capturing());
            this.queue = new StreamQueue(driver, allocator);
            holder[0] = queue;
            this.gemm = gemmChoice == GemmChoice.CUBLAS ? cublas(driver, precision) : new KernelGemm(queue, variant);
            this.ops = new CudaOps(queue, gemm, variant);
            this.graphs = new CudaGraphs(driver, queue, ops.keys, ops.optim);
        } catch (RuntimeException e) {
            try {
                driver.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static GemmProvider cublas(DeviceDriver driver, MatmulPrecision precision) {
        return switch (driver) {
            case JCudaDevice real -> new CublasGemm(real.ctx, precision == MatmulPrecision.TF32);
            case EmulatedDevice emulated -> throw new IllegalArgumentException("-Dmbrl.cuda.gemm=cublas: cuBLAS has no"
                    + " host emulation; device=cuda-emulated runs gemm on the kernels (-Dmbrl.cuda.gemm=kernels)");
        };
    }

    /** The GEMM main loop for a precision; bf16 has no kernel yet and fails here, naming the op. */
    static KernelGemm.GemmVariant variant(MatmulPrecision precision) {
        return switch (precision) {
            case TF32 -> KernelGemm.GemmVariant.TF32;
            case FP32 -> KernelGemm.GemmVariant.SIMT;
            case BF16 -> throw new IllegalArgumentException("matmul_precision=bf16: the CUDA backend has no bf16 GEMM"
                    + " kernel (kernels/gemm.cu has tf32 and simt fp32); use matmul_precision=tf32 or fp32");
        };
    }

    @Override
    public Device device() {
        return Device.CUDA;
    }

    @Override
    public String describe() {
        DeviceLimits l = driver.limits();
        return (emulated() ? "cuda-emulated (" : "cuda (") + l.name() + ", " + l.arch() + ", " + l.multiprocessors()
                + " SMs, " + String.format("%.1f GiB", l.totalMemory() / (double) (1L << 30)) + ", " + driver.describe()
                + ", gemm " + gemm.describe() + ")";
    }

    /** True on the host emulator ({@link #emulated}), false on a GPU. */
    public boolean emulated() {
        return driver instanceof EmulatedDevice;
    }

    public MatmulPrecision precision() {
        return precision;
    }

    public DeviceLimits limits() {
        return driver.limits();
    }

    // ---- memory ----

    @Override
    public Storage allocate(DType dtype, long numel) {
        long n = Math.max(numel, 1);
        DeviceAllocator.Block b = allocator.allocate(Math.multiplyExact(n, (long) dtype.bytes()), n + " " + dtype
                + " elements");
        return new DeviceStorage(dtype, n, b.address, b);
    }

    @Override
    public void free(Storage s) {
        if (s instanceof DeviceStorage d && d.block != null) {
            allocator.release(d.block);
        }
    }

    /** cuMemAlloc calls so far; constant once every step's buffers exist. */
    long driverAllocations() {
        return allocator.driverAllocations();
    }

    @Override
    public void fill(Tensor t, float value) {
        TransferContract.fill(t);
        long p = Checks.address("fill", "t", t);
        int bits = t.dtype() == DType.F32 ? Float.floatToRawIntBits(value) : (int) value;
        if (t.numel() > 0) {
            queue.fill32(p, t.numel(), bits, "fill " + Shapes.str(t.shape()));
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        TransferContract.copy(src, dst);
        long ps = Checks.address("copy", "src", src);
        long pd = Checks.address("copy", "dst", dst);
        if (ps == pd || src.numel() == 0) {
            return;
        }
        Checks.disjoint("copy", "dst", dst, "src", src);
        driver.copy(ps, pd, DeviceStorage.bytes(src), "copy " + Shapes.str(src.shape()));
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        TransferContract.host("upload", "dst", dst, DType.F32, src.length, srcOffset);
        long pd = Checks.address("upload", "dst", dst);
        upload(MemorySegment.ofArray(src), 4L * srcOffset, pd, DeviceStorage.bytes(dst));
    }

    @Override
    public void upload(int[] src, int srcOffset, Tensor dst) {
        TransferContract.host("upload", "dst", dst, DType.I32, src.length, srcOffset);
        long pd = Checks.address("upload", "dst", dst);
        upload(MemorySegment.ofArray(src), 4L * srcOffset, pd, DeviceStorage.bytes(dst));
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        TransferContract.host("download", "src", src, DType.F32, dst.length, dstOffset);
        long ps = Checks.address("download", "src", src);
        download(ps, MemorySegment.ofArray(dst), 4L * dstOffset, DeviceStorage.bytes(src));
    }

    @Override
    public void download(Tensor src, int[] dst, int dstOffset) {
        TransferContract.host("download", "src", src, DType.I32, dst.length, dstOffset);
        long ps = Checks.address("download", "src", src);
        download(ps, MemorySegment.ofArray(dst), 4L * dstOffset, DeviceStorage.bytes(src));
    }

    /** Host → device; returns once enqueued (the source may be reused). */
    private void upload(MemorySegment heap, long heapOffset, long device, long bytes) {
        queue.requireNotCapturing("upload (a host copy)");
        driver.upload(heap, heapOffset, device, bytes, "upload of " + bytes + " bytes");
    }

    /** Device → host; waits for the stream (download synchronizes). */
    private void download(long device, MemorySegment heap, long heapOffset, long bytes) {
        queue.requireNotCapturing("download (a host copy)");
        driver.download(device, heap, heapOffset, bytes, "download of " + bytes + " bytes (last kernel enqueued: "
                + queue.lastLaunch() + ")");
    }

    @Override
    public void synchronize() {
        queue.requireNotCapturing("synchronize");
        driver.synchronize("synchronize (last kernel enqueued: " + queue.lastLaunch() + ")");
    }

    /** An NVTX range ({@link Nvtx#range}): a no-op without the NVTX library or a profiler. */
    @Override
    public ProfilerRange range(String name) {
        return Nvtx.range(name);
    }

    // ---- ops ----

    @Override
    public DenseOps dense() {
        return ops.dense;
    }

    @Override
    public ConvOps conv() {
        return ops.conv;
    }

    @Override
    public RecurrentOps recurrent() {
        return ops.recurrent;
    }

    @Override
    public PointwiseOps pointwise() {
        return ops.pointwise;
    }

    @Override
    public ReduceOps reduce() {
        return ops.reduce;
    }

    @Override
    public LayoutOps layout() {
        return ops.layout;
    }

    @Override
    public NormOps norm() {
        return ops.norm;
    }

    @Override
    public LossOps loss() {
        return ops.loss;
    }

    @Override
    public DistributionOps distribution() {
        return ops.distribution;
    }

    @Override
    public RandomOps random() {
        return ops.random;
    }

    @Override
    public PixelOps pixel() {
        return ops.pixel;
    }

    @Override
    public SelectOps select() {
        return ops.select;
    }

    @Override
    public OptimOps optim() {
        return ops.optim;
    }

    /** CUDA-graph capture and the device scalars captured functions read. */
    public CudaGraphs graphs() {
        return graphs;
    }

    @Override
    public java.util.Optional<org.mbrl4j.backend.GraphCapture> graphCapture() {
        return java.util.Optional.of(new GraphCaptureAdapter(graphs));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.synchronize("closing the CUDA backend (last kernel enqueued: " + queue.lastLaunch() + ")");
        gemm.close();
        allocator.close();
        driver.close();
    }
}
