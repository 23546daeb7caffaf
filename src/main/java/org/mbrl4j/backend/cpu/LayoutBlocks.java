package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.cpu.PointwiseKernels.Write;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The one data movement behind concat, split and slice (and their backwards): a block of
 * {@code len} consecutive indices along an axis, starting at {@code start}, moved between a "whole"
 * tensor viewed as (outer, dim, inner) and a "part" tensor viewed as (outer, len, inner).
 */
final class LayoutBlocks {
    private LayoutBlocks() {}

    enum Direction {
        /** part = whole[:, start:start+len, :] (slice, split, concat backward). */
        WHOLE_TO_PART,
        /** whole[:, start:start+len, :] = part (concat, split backward, slice backward). */
        PART_TO_WHOLE
    }

    /** (outer, dim, inner) of a shape around {@code axis}. */
    record View(int outer, int dim, int inner) {
        static View of(int[] shape, int axis) {
            return new View(Shapes.prod(shape, 0, axis), shape[axis],
                    Shapes.prod(shape, axis + 1, shape.length));
        }
    }

    /**
     * Moves the block; {@code w} = STORE copies (any dtype), ACCUMULATE adds (F32 only, the
     * backward convention). {@code whole} and {@code part} have the same dtype (checked by callers).
     */
    static void move(Direction dir, Write w, Tensor whole, View v, Tensor part, int start, int len) {
        int run = len * v.inner();
        Parallel.forRange(v.outer(), run, (from, to) -> {
            for (int o = from; o < to; o++) {
                int wi = whole.off() + (o * v.dim() + start) * v.inner();
                int pi = part.off() + o * run;
                if (dir == Direction.WHOLE_TO_PART) {
                    transfer(w, whole, wi, part, pi, run);
                } else {
                    transfer(w, part, pi, whole, wi, run);
                }
            }
        });
    }

    private static void transfer(Write w, Tensor src, int si, Tensor dst, int di, int n) {
        if (w == Write.ACCUMULATE) {
            PointwiseKernels.addInto(src.floats(), si, dst.floats(), di, n);
        } else if (src.dtype() == DType.F32) {
            System.arraycopy(src.floats(), si, dst.floats(), di, n);
        } else {
            System.arraycopy(src.ints(), si, dst.ints(), di, n);
        }
    }
}
