package org.mbrl4j.backend.cuda;

import java.util.Arrays;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The launchers' argument checks (STYLE practice 5): each throws IllegalArgumentException naming the
 * op, the argument, its value and the rule, before anything is enqueued. Shape rules mirror the CPU
 * backend's; the device rules (device memory, int32 kernel dims, no overlap) are added here.
 */
final class Checks {
    private Checks() {}

    /** Largest value of a kernel's {@code int} dim argument. */
    static final long INT_MAX = Integer.MAX_VALUE;

    /** Device address of a non-null tensor in this backend's memory. */
    static long device(String op, String arg, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
        if (!(t.storage() instanceof DeviceStorage)) {
            throw new IllegalArgumentException(op + ": " + arg + " " + t + " is not in CUDA device memory; the CUDA"
                    + " backend takes tensors it allocated (tensor, fromArray, a StepArena over it). Copies between"
                    + " host and device are explicit: backend.upload / backend.download");
        }
        return DeviceStorage.address(t);
    }

    static long f32(String op, String arg, Tensor t) {
        long address = device(op, arg, t);
        Shapes.requireDType(op, arg, t, DType.F32);
        return address;
    }

    static long i32(String op, String arg, Tensor t) {
        long address = device(op, arg, t);
        Shapes.requireDType(op, arg, t, DType.I32);
        return address;
    }

    /** F32 with an exact shape. */
    static long f32(String op, String arg, Tensor t, int... shape) {
        long address = f32(op, arg, t);
        Shapes.requireShape(op, arg, t, shape);
        return address;
    }

    /** F32 with ref's shape. */
    static long like(String op, String arg, Tensor t, String refArg, Tensor ref) {
        long address = f32(op, arg, t);
        Shapes.requireSameShape(op, arg, t, refArg, ref);
        return address;
    }

    /** 0 (nullptr) for a null tensor, else an F32 tensor of ref's shape. */
    static long optionalLike(String op, String arg, Tensor t, String refArg, Tensor ref) {
        return t == null ? 0L : like(op, arg, t, refArg, ref);
    }

    /** 0 (nullptr) for a null tensor, else an F32 tensor of exactly {@code shape}. */
    static long optionalF32(String op, String arg, Tensor t, int... shape) {
        return t == null ? 0L : f32(op, arg, t, shape);
    }

    static void nonNull(String op, String arg, Object o) {
        if (o == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
    }

    /** A count passed to a kernel's {@code int} argument. */
    static int fitsInt(String op, String what, long value) {
        if (value < 0 || value > INT_MAX) {
            throw new IllegalArgumentException(op + ": " + what + " = " + value + " must lie in [0, 2^31 - 1] (the"
                    + " kernel takes it as int)");
        }
        return (int) value;
    }

    /** Rows R = numel / C of a tensor (..., C) with rank >= 1; the per-row shape is t's shape without C. */
    static int rows(String op, String arg, Tensor t) {
        if (t.rank() < 1) {
            throw new IllegalArgumentException(op + ": " + arg + " must have rank >= 1 (rows, last dim), got shape "
                    + Shapes.str(t.shape()));
        }
        int c = t.dim(-1);
        return c == 0 ? 0 : fitsInt(op, "rows of " + arg, t.numel() / c);
    }

    /** t's shape without its last dim (the shape of a per-row output). */
    static int[] leading(Tensor t) {
        return Arrays.copyOf(t.shape(), t.rank() - 1);
    }

    /** out must have shape x.shape[:-1]. */
    static long perRow(String op, String arg, Tensor out, String xArg, Tensor x) {
        long address = f32(op, arg, out);
        if (!Arrays.equals(out.shape(), leading(x))) {
            throw new IllegalArgumentException(op + ": " + arg + " has shape " + Shapes.str(out.shape()) + ", expected "
                    + Shapes.str(leading(x)) + " (" + xArg + " " + Shapes.str(x.shape()) + " without its last dim)");
        }
        return address;
    }

    /** Two tensors' byte ranges must not overlap (an output written while another argument is read). */
    static void disjoint(String op, String argA, Tensor a, String argB, Tensor b) {
        if (a == null || b == null || a.storage() != b.storage()) {
            return;
        }
        long a0 = DeviceStorage.address(a);
        long b0 = DeviceStorage.address(b);
        if (a0 < b0 + DeviceStorage.bytes(b) && b0 < a0 + DeviceStorage.bytes(a)) {
            throw new IllegalArgumentException(op + ": " + argA + " " + Shapes.str(a.shape()) + " and " + argB + " "
                    + Shapes.str(b.shape()) + " overlap in device memory; the kernel needs them disjoint");
        }
    }
}
