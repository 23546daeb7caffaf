package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/** Top-k selection along the last dim. */
public interface SelectOps {

    /**
     * values (M, K) and indices (I32, M, K) of the K largest entries of each row of x (M, F), in
     * descending order; ties go to the smaller index; NaN ranks below every number.
     */
    void topk(Tensor x, int k, Tensor values, Tensor indices);

    /** dx[r, indices[r,j]] += dvalues[r,j]. */
    void topkBackward(Tensor indices, Tensor dvalues, Tensor dx);
}
