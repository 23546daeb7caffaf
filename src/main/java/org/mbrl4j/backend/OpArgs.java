package org.mbrl4j.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules the op contracts share: null, dtype, shape, rows and overlap. Each throws
 * IllegalArgumentException naming the op, the argument, its value and the rule. Device-independent:
 * it reads shapes, dtypes, storages and offsets, never data.
 */
public final class OpArgs {
    private OpArgs() {}

    public static void nonNull(String op, String arg, Object o) {
        if (o == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
    }

    /** A non-null F32 tensor. */
    public static void f32(String op, String arg, Tensor t) {
        nonNull(op, arg, t);
        Shapes.requireDType(op, arg, t, DType.F32);
    }

    /** A non-null I32 tensor. */
    public static void i32(String op, String arg, Tensor t) {
        nonNull(op, arg, t);
        Shapes.requireDType(op, arg, t, DType.I32);
    }

    /** A non-null F32 tensor of exactly {@code shape}. */
    public static void f32(String op, String arg, Tensor t, int... shape) {
        f32(op, arg, t);
        Shapes.requireShape(op, arg, t, shape);
    }

    /** Null (an absent bias, an unneeded gradient) or an F32 tensor of exactly {@code shape}. */
    public static void optionalF32(String op, String arg, Tensor t, int... shape) {
        if (t != null) {
            f32(op, arg, t, shape);
        }
    }

    /** A non-null F32 tensor with ref's shape. */
    public static void like(String op, String arg, Tensor t, String refArg, Tensor ref) {
        f32(op, arg, t);
        Shapes.requireSameShape(op, arg, t, refArg, ref);
    }

    /** Null or an F32 tensor with ref's shape. */
    public static void optionalLike(String op, String arg, Tensor t, String refArg, Tensor ref) {
        if (t != null) {
            like(op, arg, t, refArg, ref);
        }
    }

    /** Rows M = numel / F of x (..., F) (0 when F = 0); x must have rank >= 1. */
    public static int rows(String op, String arg, Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException(op + ": " + arg + " must have rank >= 1 (rows, last dim), got shape "
                    + Shapes.str(x.shape()));
        }
        int c = x.dim(-1);
        return c == 0 ? 0 : Math.toIntExact(x.numel() / c);
    }

    /** x's shape without its last dim (the shape of a per-row output). */
    public static int[] leading(Tensor x) {
        return Arrays.copyOf(x.shape(), x.rank() - 1);
    }

    /** t must have shape x.shape[:-1]; dtype is the caller's rule. */
    public static void perRowShape(String op, String arg, Tensor t, String xArg, Tensor x) {
        nonNull(op, arg, t);
        if (!Arrays.equals(t.shape(), leading(x))) {
            throw new IllegalArgumentException(op + ": " + arg + " has shape " + Shapes.str(t.shape()) + ", expected "
                    + Shapes.str(leading(x)) + " (" + xArg + " " + Shapes.str(x.shape()) + " without its last dim)");
        }
    }

    /** An F32 tensor of shape x.shape[:-1]. */
    public static void perRow(String op, String arg, Tensor t, String xArg, Tensor x) {
        f32(op, arg, t);
        perRowShape(op, arg, t, xArg, x);
    }

    /** An F32 tensor of shape () (a device scalar). */
    public static void scalar(String op, String arg, Tensor t) {
        f32(op, arg, t);
        if (t.rank() != 0) {
            throw new IllegalArgumentException(op + ": " + arg + " must have shape (), got " + Shapes.str(t.shape()));
        }
    }

    /** A non-null, non-empty list without null entries. */
    public static void parts(String op, String arg, List<Tensor> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException(op + ": " + arg + " must list at least one tensor");
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == null) {
                throw new IllegalArgumentException(op + ": " + arg + "[" + i + "] is null");
            }
        }
    }

    /** lo <= hi (NaN fails). */
    public static void bounds(String op, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException(op + ": lo = " + lo + " and hi = " + hi + " must satisfy lo <= hi");
        }
    }

    /** An epsilon that is finite and >= 0. */
    public static void eps(String op, float eps) {
        if (!(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps=" + eps + " must be finite and >= 0");
        }
    }

    /** Whether two tensors share elements of one storage. */
    public static boolean overlap(Tensor a, Tensor b) {
        return a != null && b != null && a.storage() == b.storage() && a.numel() > 0 && b.numel() > 0
                && a.offset() < b.offset() + b.numel() && b.offset() < a.offset() + a.numel();
    }

    /**
     * {@code written} must not share elements with {@code read}: the op reads {@code read} at positions
     * other than the one it is writing, so an overlap would make the result depend on the order of
     * writes. Null tensors are skipped.
     */
    public static void disjoint(String op, String writtenArg, Tensor written, String readArg, Tensor read) {
        if (overlap(written, read)) {
            throw new IllegalArgumentException(op + ": " + writtenArg + " " + Shapes.str(written.shape()) + " and "
                    + readArg + " " + Shapes.str(read.shape()) + " overlap in memory; " + writtenArg
                    + " must not share elements with " + readArg + ", which the op reads at other positions");
        }
    }

    /**
     * No two non-empty tensors of the list share elements: one call updates them all together, so
     * an alias would read values the same call already changed. {@code names[i]} names tensors.get(i).
     */
    public static void pairwiseDisjoint(String op, List<Tensor> tensors, List<String> names) {
        Map<Object, List<Integer>> byStorage = new IdentityHashMap<>();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t != null && t.numel() > 0) {
                byStorage.computeIfAbsent(t.storage(), s -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> group : byStorage.values()) {
            group.sort(Comparator.comparingLong(i -> tensors.get(i).offset()));
            for (int j = 1; j < group.size(); j++) {
                Tensor a = tensors.get(group.get(j - 1));
                Tensor b = tensors.get(group.get(j));
                if (b.offset() < a.offset() + a.numel()) {
                    throw new IllegalArgumentException(op + ": " + names.get(group.get(j - 1)) + " "
                            + Shapes.str(a.shape()) + " and " + names.get(group.get(j)) + " " + Shapes.str(b.shape())
                            + " overlap in memory; one call updates every tensor of the list together, so none may"
                            + " alias another");
                }
            }
        }
    }
}
