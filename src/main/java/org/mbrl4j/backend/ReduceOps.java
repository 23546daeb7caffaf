package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/** Sums and means over one or more axes. */
public interface ReduceOps {

    /** out has x's shape without {@code axes} (no keepdim); reducing every axis gives shape (). */
    void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out);

    /** dx += broadcast(dout) (divided by the reduced count for MEAN). */
    void reduceBackward(ReduceOp op, int[] axes, Tensor dout, Tensor dx);

    /**
     * TD-MPC2's running-scale step over every element of x (n >= 1): out = scale + tau · (s − scale),
     * s = max(P95(x) − P5(x), 1), P_p the torch-style percentile (pos = p (n−1)/100 in double, linear
     * between the floor(pos)-th and the next smallest values, Java's float order: −0 before +0, NaN last).
     * scale and out hold one element each and may be the same tensor.
     */
    void runningScale(Tensor x, Tensor scale, float tau, Tensor out);
}
