package org.mbrl4j.tensor;

import java.util.Arrays;

/** Shape arithmetic and the checks every launcher runs before computing. */
public final class Shapes {
    private Shapes() {}

    public static long numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static String str(int... shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    /** Product of dims in [from, to). */
    public static int prod(int[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n = Math.multiplyExact(n, shape[i]);
        }
        return Math.toIntExact(n);
    }

    public static void requireShape(String op, String arg, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + arg + " has shape " + str(t.shape())
                    + ", expected " + str(expected));
        }
    }

    public static void requireSameShape(String op, String argA, Tensor a, String argB, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": " + argA + " " + str(a.shape()) + " and " + argB + " "
                    + str(b.shape()) + " must have the same shape");
        }
    }

    public static void requireRank(String op, String arg, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": " + arg + " must have rank " + rank + ", got shape "
                    + str(t.shape()));
        }
    }

    public static void requireDType(String op, String arg, Tensor t, DType dtype) {
        if (t.dtype() != dtype) {
            throw new IllegalArgumentException(op + ": " + arg + " must be " + dtype + ", got " + t.dtype());
        }
    }

    /** Normalises a possibly negative axis and checks it against the rank. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** Shape with {@code axis} removed. */
    public static int[] drop(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** Shape with {@code axis} replaced by {@code size}. */
    public static int[] with(int[] shape, int axis, int size) {
        int[] out = shape.clone();
        out[axis] = size;
        return out;
    }

    /**
     * A mask over a tensor's axes marking {@code axes} (negative counts from the end); every axis must
     * be in range and named once.
     */
    public static boolean[] axisMask(String op, int[] shape, int[] axes) {
        if (axes == null) {
            throw new IllegalArgumentException(op + ": axes must not be null (pass every axis to reduce all)");
        }
        boolean[] marked = new boolean[shape.length];
        for (int a : axes) {
            int n = axis(op, a, shape.length);
            if (marked[n]) {
                throw new IllegalArgumentException(op + ": axis " + a + " appears more than once in axes "
                        + Arrays.toString(axes) + " for shape " + str(shape));
            }
            marked[n] = true;
        }
        return marked;
    }
}
