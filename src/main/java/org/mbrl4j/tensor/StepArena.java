package org.mbrl4j.tensor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Bump allocator for one step's temporaries. Tensors are carved from large blocks obtained from a
 * {@link StorageAllocator}; {@link #reset()} rewinds the cursor so the next step reuses the same
 * blocks. A step that repeats the same allocation sequence therefore allocates nothing new once the
 * first step has sized the blocks ({@link #blocksAllocated()} stays constant; a test checks it).
 *
 * <p>Tensors handed out before a reset must not be used after it. Memory is not cleared: use
 * {@link #zeros} where the contents matter.
 */
public final class StepArena {
    /** Smallest block, in elements (4 MiB of float32). */
    public static final int MIN_BLOCK_ELEMENTS = 1 << 20;
    /** Offsets are rounded up to this many elements (128 bytes) so device loads stay aligned. */
    public static final int ALIGN_ELEMENTS = 32;

    /** Allocates backend storage; the arena never frees blocks until {@link #close()}. */
    public interface StorageAllocator {
        Storage allocate(DType dtype, long numel);

        void fillZero(Tensor t);

        default void free(Storage s) {}
    }

    private final StorageAllocator allocator;
    private final Map<DType, Pool> pools = new EnumMap<>(DType.class);
    private long blocksAllocated;

    public StepArena(StorageAllocator allocator) {
        this.allocator = allocator;
        for (DType d : DType.values()) {
            pools.put(d, new Pool());
        }
    }

    /** Uninitialized tensor (contents are whatever the previous step left). */
    public Tensor allocate(DType dtype, boolean requiresGrad, int... shape) {
        long n = Shapes.numel(shape);
        Pool p = pools.get(dtype);
        long aligned = (n + ALIGN_ELEMENTS - 1) / ALIGN_ELEMENTS * ALIGN_ELEMENTS;
        while (true) {
            if (p.current < p.blocks.size()) {
                Storage block = p.blocks.get(p.current);
                if (p.cursor + aligned <= block.capacity() || (p.cursor + n <= block.capacity())) {
                    Tensor t = new Tensor(block, p.cursor, shape, requiresGrad);
                    p.cursor += aligned;
                    return t;
                }
                if (p.current + 1 < p.blocks.size() && p.blocks.get(p.current + 1).capacity() >= n) {
                    p.current++;
                    p.cursor = 0;
                    continue;
                }
                if (p.current + 1 < p.blocks.size()) {
                    // The next block is too small for this request: replace it (and everything after
                    // it, which a differently shaped step would have to re-size anyway).
                    while (p.blocks.size() > p.current + 1) {
                        allocator.free(p.blocks.remove(p.blocks.size() - 1));
                    }
                }
            }
            long blockSize = Math.max(MIN_BLOCK_ELEMENTS, aligned);
            p.blocks.add(allocator.allocate(dtype, blockSize));
            blocksAllocated++;
            p.current = p.blocks.size() - 1;
            p.cursor = 0;
        }
    }

    public Tensor allocate(int... shape) {
        return allocate(DType.F32, false, shape);
    }

    public Tensor zeros(DType dtype, boolean requiresGrad, int... shape) {
        Tensor t = allocate(dtype, requiresGrad, shape);
        allocator.fillZero(t);
        return t;
    }

    /** Rewinds every pool to its first block; blocks are kept for the next step. */
    public void reset() {
        for (Pool p : pools.values()) {
            p.current = 0;
            p.cursor = 0;
        }
    }

    /** Total blocks ever requested from the allocator: constant in steady state. */
    public long blocksAllocated() {
        return blocksAllocated;
    }

    /** Returns every block to the allocator. */
    public void close() {
        for (Pool p : pools.values()) {
            p.blocks.forEach(allocator::free);
            p.blocks.clear();
            p.current = 0;
            p.cursor = 0;
        }
    }

    private static final class Pool {
        final List<Storage> blocks = new ArrayList<>();
        int current;
        long cursor;
    }
}
