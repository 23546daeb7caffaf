package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.ConvOps;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.backend.PixelOps;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.ProfilerRange;
import org.mbrl4j.backend.RangeEvent;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.backend.RecurrentOps;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.backend.TransferContract;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Device;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Storage;
import org.mbrl4j.tensor.Tensor;

/**
 * The reference backend: every op in Java on the heap, the definition the CUDA kernels must match.
 * {@code fastMath} ({@code cpu_fast_math}, off by default) takes the side reductions (the fused
 * layer's LayerNorm statistics, the two-hot heads' softmax sums, SimNorm by groups, the GRU gates) in float lanes
 * within the bounds of docs/cpu-fast-math.md; off, every result is the reference's, bit for bit.
 */
public final class CpuBackend implements Backend {
    /** Whether jdk.jfr is in the runtime; RangeEvent (a jdk.jfr.Event) loads only then. */
    private static final boolean JFR_PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private final boolean fastMath;
    private final DenseOps dense;
    private final ConvOps conv = new CpuConvOps();
    private final RecurrentOps recurrent;
    private final PointwiseOps pointwise = new CpuPointwiseOps();
    private final ReduceOps reduce = new CpuReduceOps();
    private final LayoutOps layout = new CpuLayoutOps();
    private final NormOps norm = new CpuNormOps();
    private final LossOps loss;
    private final DistributionOps distribution = new CpuDistributionOps();
    private final RandomOps random = new CpuRandomOps();
    private final PixelOps pixel = new CpuPixelOps();
    private final SelectOps select;
    private final OptimOps optim = new CpuOptimOps();

    /** The reference backend ({@code cpu_fast_math: false}). */
    public CpuBackend() {
        this(false);
    }

    /** @param fastMath {@code cpu_fast_math}: the side reductions in float lanes (class comment) */
    public CpuBackend(boolean fastMath) {
        this.fastMath = fastMath;
        this.dense = new CpuDenseOps(fastMath);
        this.loss = new CpuLossOps(fastMath);
        this.recurrent = new CpuRecurrentOps(fastMath);
        this.select = new CpuSelectOps(pointwise, norm, layout, dense);
    }

    /** Whether this backend runs the {@code cpu_fast_math} side ops. */
    public boolean fastMath() {
        return fastMath;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public String describe() {
        return "cpu (" + Parallel.THREADS + " threads, " + VectorWidth.describe()
                + (fastMath ? ", cpu_fast_math: float side ops" : "") + ")";
    }

    /** One block unless {@code -Dmbrl.cpu.rowBlock} asks for blocks: auto (half of L2) or a size ({@link CpuRowBlocks}). */
    @Override
    public int rowBlock(int rows, long bytesPerRow) {
        return CpuRowBlocks.rows(rows, bytesPerRow);
    }

    /** Products of at most {@link Gemm#DIRECT_MAX_ROWS} rows skip packing and sum K in another order. */
    @Override
    public int minRowBlock() {
        return CpuRowBlocks.MIN_EXACT_ROWS;
    }

    @Override
    public Storage allocate(DType dtype, long numel) {
        return HostStorage.allocate(dtype, numel);
    }

    @Override
    public void fill(Tensor t, float value) {
        TransferContract.fill(t);
        if (t.dtype() == DType.F32) {
            java.util.Arrays.fill(t.floats(), t.off(), t.off() + t.size(), value);
        } else {
            java.util.Arrays.fill(t.ints(), t.off(), t.off() + t.size(), (int) value);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        TransferContract.copy(src, dst);
        if (src.dtype() == DType.F32) {
            System.arraycopy(src.floats(), src.off(), dst.floats(), dst.off(), src.size());
        } else {
            System.arraycopy(src.ints(), src.off(), dst.ints(), dst.off(), src.size());
        }
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        TransferContract.host("upload", "dst", dst, DType.F32, src.length, srcOffset);
        System.arraycopy(src, srcOffset, dst.floats(), dst.off(), dst.size());
    }

    @Override
    public void upload(int[] src, int srcOffset, Tensor dst) {
        TransferContract.host("upload", "dst", dst, DType.I32, src.length, srcOffset);
        System.arraycopy(src, srcOffset, dst.ints(), dst.off(), dst.size());
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        TransferContract.host("download", "src", src, DType.F32, dst.length, dstOffset);
        System.arraycopy(src.floats(), src.off(), dst, dstOffset, src.size());
    }

    @Override
    public void download(Tensor src, int[] dst, int dstOffset) {
        TransferContract.host("download", "src", src, DType.I32, dst.length, dstOffset);
        System.arraycopy(src.ints(), src.off(), dst, dstOffset, src.size());
    }

    @Override
    public void synchronize() {}

    /**
     * A JFR {@link RangeEvent}: recorded while a flight recording enables it, else a no-op; always a
     * no-op on a runtime without the jdk.jfr module (a jlink image such as the GPU bundle's).
     */
    @Override
    public ProfilerRange range(String name) {
        return JFR_PRESENT ? RangeEvent.open(name) : ProfilerRange.NONE;
    }

    @Override
    public DenseOps dense() {
        return dense;
    }

    @Override
    public ConvOps conv() {
        return conv;
    }

    @Override
    public RecurrentOps recurrent() {
        return recurrent;
    }

    @Override
    public PointwiseOps pointwise() {
        return pointwise;
    }

    @Override
    public ReduceOps reduce() {
        return reduce;
    }

    @Override
    public LayoutOps layout() {
        return layout;
    }

    @Override
    public NormOps norm() {
        return norm;
    }

    @Override
    public LossOps loss() {
        return loss;
    }

    @Override
    public DistributionOps distribution() {
        return distribution;
    }

    @Override
    public RandomOps random() {
        return random;
    }

    @Override
    public PixelOps pixel() {
        return pixel;
    }

    @Override
    public SelectOps select() {
        return select;
    }

    @Override
    public OptimOps optim() {
        return optim;
    }

    @Override
    public void close() {}
}
