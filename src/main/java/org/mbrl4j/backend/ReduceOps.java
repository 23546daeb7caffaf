package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/** Sums and means over one or more axes. */
public interface ReduceOps {

    /** out has x's shape without {@code axes} (no keepdim); reducing every axis gives shape (). */
    void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out);

    /** dx += broadcast(dout) (divided by the reduced count for MEAN). */
    void reduceBackward(ReduceOp op, int[] axes, Tensor dout, Tensor dx);
}
