package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.OpArgs;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Turns a host {@link PhiloxKey} into the (device key pointer, key_offset) pair the random, dropout
 * and fused-layer kernels read. Outside capture: the key is written by value into one scratch slot
 * (stream-ordered, so consecutive draws each see their own key) with offset 0, as the random.cu
 * header prescribes. While capturing: the key's (seed, stream) must have been bound to a
 * {@link DeviceKey} before capture, and the offset is {@code counter - base}, frozen into the graph.
 */
final class PhiloxKeys {
    /** {@code sizeof(PhiloxDeviceKey)}: three u64. */
    static final int KEY_BYTES = 24;

    /** A device key address and the block offset the kernel adds to its counter. */
    record Ref(long address, long offset) {}

    private final DeviceQueue queue;
    private final ModuleKernels random;
    private final Map<List<Long>, DeviceKey> bound = new HashMap<>();

    PhiloxKeys(DeviceQueue queue) {
        this.queue = queue;
        this.random = new ModuleKernels(queue, "random");
    }

    /** The device form of {@code key} for a draw consuming {@code blocks} Philox blocks. */
    Ref resolve(PhiloxKey key, long blocks, String op) {
        OpArgs.nonNull(op, "key", key);
        if (!queue.capturing()) {
            long slot = queue.scratch("philox.eager_key", KEY_BYTES);
            queue.writeWords(slot, words(key.seed(), key.stream(), key.counter()), op + " key");
            return new Ref(slot, 0);
        }
        DeviceKey d = bound.get(List.of(key.seed(), key.stream()));
        if (d == null) {
            throw new IllegalStateException(op + ": a draw with key (seed=" + key.seed() + ", stream=" + key.stream()
                    + ") is being captured into a CUDA graph, but that key has no device copy: call"
                    + " backend.graphs().bindKey(seed, stream, counter) before capture and end the captured step with"
                    + " deviceKey.advance(blocksPerStep), so replays draw fresh numbers");
        }
        long offset = key.counter() - d.base();
        if (offset < 0) {
            throw new IllegalStateException(op + ": key counter " + key.counter() + " is below the bound device key's"
                    + " base " + d.base() + " (seed=" + key.seed() + ", stream=" + key.stream() + "); a captured draw"
                    + " must use counters at or after the base (offset = counter - base, blocks " + blocks + ")");
        }
        return new Ref(d.address, offset);
    }

    /** Creates (or re-bases) the device key of (seed, stream); not while capturing. */
    DeviceKey bind(long seed, long stream, long base) {
        if (queue.capturing()) {
            throw new IllegalStateException("bindKey(seed=" + seed + ", stream=" + stream + ") during capture: bind keys"
                    + " before cuStreamBeginCapture");
        }
        DeviceKey d = bound.get(List.of(seed, stream));
        if (d == null) {
            long address = queue.scratch("philox.key." + seed + "." + stream, KEY_BYTES);
            d = new DeviceKey(this, address, seed, stream, base);
            bound.put(List.of(seed, stream), d);
        }
        queue.writeWords(d.address, words(seed, stream, base), "binding a device Philox key");
        d.resetBase(base);
        return d;
    }

    /** philox_key_advance(key, blocks) <<<1, 1>>>, mirrored on the host (after each replay when captured). */
    void advance(DeviceKey d, long blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("advance: blocks = " + blocks + " must be >= 0");
        }
        random.launch("philox_key_advance", Dim3.of(1), 1, "blocks=" + blocks, ptr(d.address), i64(blocks));
        queue.onReplay(() -> d.moveBase(blocks));
    }

    /** {seed, stream, counter} as six little-endian 32-bit words (PhiloxDeviceKey's byte layout). */
    static int[] words(long seed, long stream, long counter) {
        return new int[] {(int) seed, (int) (seed >>> 32), (int) stream, (int) (stream >>> 32), (int) counter,
                (int) (counter >>> 32)};
    }
}
