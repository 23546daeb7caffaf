package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Index handling for index-select and gather: bounds checks that name the offending index, and the
 * offset tables of torch.gather, where the index tensor may be smaller than x in every dim but the
 * gathered one.
 */
final class LayoutIndexing {
    private LayoutIndexing() {}

    /** Every value of {@code index} must lie in [0, bound). */
    static void requireInRange(String op, Tensor index, int bound, Tensor x, int axis) {
        int[] iv = index.ints();
        for (int p = 0; p < index.size(); p++) {
            int v = iv[index.off() + p];
            if (v < 0 || v >= bound) {
                throw new IllegalArgumentException(op + ": index element " + p + " (index shape "
                        + Shapes.str(index.shape()) + ") is " + v + ", out of range [0, " + bound + ") for x "
                        + Shapes.str(x.shape()) + " along axis " + axis);
            }
        }
    }

    /**
     * The gather plan: the index (and out) is viewed as (outer, n, inner) around the axis; element
     * (o, j, l) reads x at {@code outerOff[o] + index(o, j, l) * axisStride + innerOff[l]}.
     */
    record GatherPlan(int[] outerOff, int n, int[] innerOff, int axisStride) {

        static GatherPlan of(int[] xShape, int[] indexShape, int axis) {
            int[] stride = new int[xShape.length];
            int s = 1;
            for (int d = xShape.length - 1; d >= 0; d--) {
                stride[d] = s;
                s = Math.multiplyExact(s, xShape[d]);
            }
            return new GatherPlan(offsets(indexShape, stride, 0, axis), indexShape[axis],
                    offsets(indexShape, stride, axis + 1, indexShape.length), stride[axis]);
        }

        int inner() {
            return innerOff.length;
        }

        /** Row-major x offsets of every index position over dims [from, to). */
        private static int[] offsets(int[] indexShape, int[] xStride, int from, int to) {
            int[] off = {0};
            for (int d = from; d < to; d++) {
                int[] next = new int[Math.multiplyExact(off.length, indexShape[d])];
                for (int p = 0, q = 0; p < off.length; p++) {
                    for (int i = 0; i < indexShape[d]; i++) {
                        next[q++] = off[p] + i * xStride[d];
                    }
                }
                off = next;
            }
            return off;
        }
    }
}
