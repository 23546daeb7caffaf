package org.mbrl4j.backend.cuda;

import org.mbrl4j.backend.OpArgs;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The launchers' device rules (STYLE practice 5), checked after the op's contract
 * ({@code backend.*Contract}, shared with the CPU backend) and before anything is enqueued: tensors in
 * this backend's memory, counts that fit a kernel's {@code int} argument, and outputs disjoint from
 * inputs where a kernel (not the op) needs it. Each throws IllegalArgumentException naming the op, the
 * argument, its value and the rule.
 */
final class Checks {
    private Checks() {}

    /** Largest value of a kernel's {@code int} dim argument. */
    static final long INT_MAX = Integer.MAX_VALUE;

    /** Device address of a tensor in this backend's memory. */
    static long address(String op, String arg, Tensor t) {
        OpArgs.nonNull(op, arg, t);
        if (!(t.storage() instanceof DeviceStorage)) {
            throw new IllegalArgumentException(op + ": " + arg + " " + t + " is not in CUDA device memory; the CUDA"
                    + " backend takes tensors it allocated (tensor, fromArray, a StepArena over it). Copies between"
                    + " host and device are explicit: backend.upload / backend.download");
        }
        return DeviceStorage.address(t);
    }

    /** 0 (nullptr) for a null tensor, else its device address. */
    static long optionalAddress(String op, String arg, Tensor t) {
        return t == null ? 0L : address(op, arg, t);
    }

    /** A count passed to a kernel's {@code int} argument. */
    static int fitsInt(String op, String what, long value) {
        if (value < 0 || value > INT_MAX) {
            throw new IllegalArgumentException(op + ": " + what + " = " + value + " must lie in [0, 2^31 - 1] (the"
                    + " kernel takes it as int)");
        }
        return (int) value;
    }

    /**
     * A device rule: two tensors' byte ranges must not overlap because the kernel (unlike the CPU
     * loop) would read what it already wrote.
     */
    static void disjoint(String op, String argA, Tensor a, String argB, Tensor b) {
        if (a == null || b == null || a.storage() != b.storage()) {
            return;
        }
        long a0 = DeviceStorage.address(a);
        long b0 = DeviceStorage.address(b);
        if (a0 < b0 + DeviceStorage.bytes(b) && b0 < a0 + DeviceStorage.bytes(a)) {
            throw new IllegalArgumentException(op + ": " + argA + " " + Shapes.str(a.shape()) + " and " + argB + " "
                    + Shapes.str(b.shape()) + " overlap in device memory; the CUDA kernel needs them disjoint");
        }
    }

    /**
     * A device rule for two outputs a kernel accumulates into element by element: either the same
     * tensor (same address and size: each thread updates its element once through each pointer, in
     * order) or disjoint. A partial overlap would have two threads update one element without atomics.
     */
    static void sameOrDisjoint(String op, String argA, Tensor a, String argB, Tensor b) {
        if (a == null || b == null || a.storage() != b.storage()) {
            return;
        }
        if (DeviceStorage.address(a) == DeviceStorage.address(b) && DeviceStorage.bytes(a) == DeviceStorage.bytes(b)) {
            return;
        }
        long a0 = DeviceStorage.address(a);
        long b0 = DeviceStorage.address(b);
        if (a0 < b0 + DeviceStorage.bytes(b) && b0 < a0 + DeviceStorage.bytes(a)) {
            throw new IllegalArgumentException(op + ": " + argA + " " + Shapes.str(a.shape()) + " at element offset "
                    + a.offset() + " and " + argB + " " + Shapes.str(b.shape()) + " at element offset " + b.offset()
                    + " partially overlap in device memory; the CUDA kernel needs them to be the same tensor or"
                    + " disjoint");
        }
    }
}
