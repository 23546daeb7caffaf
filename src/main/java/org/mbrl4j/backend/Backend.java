package org.mbrl4j.backend;

import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Device;
import org.mbrl4j.tensor.StepArena;
import org.mbrl4j.tensor.Storage;
import org.mbrl4j.tensor.Tensor;

/**
 * The device SPI (allocate, copy, synchronize) plus one accessor per op family. Every op family is
 * implemented completely by every backend; the CPU backend is the definition of each op's
 * semantics, and each CUDA kernel must match it (see the family interfaces for the contracts).
 *
 * <p>Conventions shared by all families:
 * <ul>
 *   <li>Destination passing: callers allocate outputs (usually from a {@link StepArena}).</li>
 *   <li>Backward methods <b>accumulate</b> ({@code +=}) into gradient tensors; a {@code null}
 *       gradient argument means "not needed" and is skipped.</li>
 *   <li>All tensors are contiguous row-major; every op's arguments are checked before computing by
 *       its family's contract ({@link DenseContract} and siblings, shared by all backends), and
 *       violations throw {@link IllegalArgumentException} naming the op, the argument and the rule.</li>
 * </ul>
 */
public interface Backend extends StepArena.StorageAllocator, AutoCloseable {

    Device device();

    /** Short human-readable description, e.g. "cpu (2 threads, 512-bit vectors)". */
    String describe();

    @Override
    Storage allocate(DType dtype, long numel);

    /** A persistent tensor (parameters, optimizer state, buffers). */
    default Tensor tensor(DType dtype, boolean requiresGrad, int... shape) {
        long n = org.mbrl4j.tensor.Shapes.numel(shape);
        Tensor t = new Tensor(allocate(dtype, Math.max(n, 1)), 0, shape, requiresGrad);
        fillZero(t);
        return t;
    }

    default Tensor zeros(int... shape) {
        return tensor(DType.F32, false, shape);
    }

    void fill(Tensor t, float value);

    @Override
    default void fillZero(Tensor t) {
        fill(t, 0f);
    }

    /** dst = src, same device, same element count. */
    void copy(Tensor src, Tensor dst);

    /** Host to device (or host to host) copy of {@code dst.numel()} floats from {@code src[srcOffset..]}. */
    void upload(float[] src, int srcOffset, Tensor dst);

    void upload(int[] src, int srcOffset, Tensor dst);

    /** Device to host copy of all of {@code src}. Synchronizes. */
    void download(Tensor src, float[] dst, int dstOffset);

    void download(Tensor src, int[] dst, int dstOffset);

    /** Waits for all queued work. */
    void synchronize();

    /**
     * Opens a profiler range named {@code name} on this thread: a named region in the profiler's
     * timeline until the range is closed. Ranges nest (close them in reverse order, i.e. in
     * try-with-resources), never synchronize and never change what is computed. CUDA opens an NVTX
     * range (Nsight Systems), the CPU a JFR {@link RangeEvent}; each is a no-op when no profiler or
     * recording is attached. The default opens nothing. {@code name} should be a constant or a cached
     * string, since callers open ranges on hot paths.
     */
    default ProfilerRange range(String name) {
        return ProfilerRange.NONE;
    }

    /**
     * How many of {@code rows} independent rows (every op of the caller's chain computes each row from
     * that row alone, with the same bits whatever the batch) to carry together through the whole chain
     * before starting the next rows, given the bytes of activations one row holds in the chain's widest
     * op. The default is {@code rows}: one op over every row at a time (a GPU wants the whole batch per
     * launch, and a captured graph fixed launch counts). The CPU sizes blocks to its L2 cache.
     */
    default int rowBlock(int rows, long bytesPerRow) {
        return rows;
    }

    /**
     * The fewest rows a block of {@link #rowBlock} may have (each op it feeds included) for its rows to
     * compute the same bits as in the whole batch: smaller batches may take other kernels. 1 by default.
     */
    default int minRowBlock() {
        return 1;
    }

    /** Graph capture and replay, where this backend has it (CUDA, real or emulated); empty on the CPU. */
    default java.util.Optional<GraphCapture> graphCapture() {
        return java.util.Optional.empty();
    }

    DenseOps dense();

    ConvOps conv();

    RecurrentOps recurrent();

    PointwiseOps pointwise();

    ReduceOps reduce();

    LayoutOps layout();

    NormOps norm();

    LossOps loss();

    DistributionOps distribution();

    RandomOps random();

    PixelOps pixel();

    SelectOps select();

    OptimOps optim();

    @Override
    void close();

    /** Convenience: copies a whole tensor to a new heap array. */
    default float[] toArray(Tensor t) {
        float[] out = new float[Math.toIntExact(t.numel())];
        download(t, out, 0);
        return out;
    }

    default int[] toIntArray(Tensor t) {
        int[] out = new int[Math.toIntExact(t.numel())];
        download(t, out, 0);
        return out;
    }

    /** Convenience: a persistent tensor holding {@code values}. */
    default Tensor fromArray(float[] values, int... shape) {
        Tensor t = tensor(DType.F32, false, shape);
        upload(values, 0, t);
        return t;
    }

    default Tensor fromArray(int[] values, int... shape) {
        Tensor t = tensor(DType.I32, false, shape);
        upload(values, 0, t);
        return t;
    }
}
