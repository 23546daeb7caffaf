package org.mbrl4j.backend;

import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/** The argument rules of the {@link Backend} device SPI (fill, copy, upload, download), for every backend. */
public final class TransferContract {
    private TransferContract() {}

    public static void fill(Tensor t) {
        OpArgs.nonNull("fill", "t", t);
    }

    /** dst = src needs the same dtype and element count. */
    public static void copy(Tensor src, Tensor dst) {
        OpArgs.nonNull("copy", "src", src);
        OpArgs.nonNull("copy", "dst", dst);
        if (src.numel() != dst.numel() || src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("copy: src " + src + " and dst " + dst
                    + " must have the same dtype and element count");
        }
    }

    /** {@code op} is upload or download: the host array of {@code dtype} from {@code offset} must hold t. */
    public static void host(String op, String arg, Tensor t, DType dtype, int arrayLength, int offset) {
        OpArgs.nonNull(op, arg, t);
        Shapes.requireDType(op, arg, t, dtype);
        if (offset < 0 || (long) offset + t.numel() > arrayLength) {
            throw new IllegalArgumentException(op + ": host array of " + arrayLength + " from offset " + offset
                    + " cannot hold " + arg + " " + Shapes.str(t.shape()));
        }
    }
}
