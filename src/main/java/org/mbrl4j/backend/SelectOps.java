package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/** Top-k selection along the last dim. */
public interface SelectOps {

    /**
     * values (R,k) and indices (I32, R,k) of the k largest entries of each row of x (R,C), in
     * descending order; ties go to the smaller index; NaN ranks below every number.
     */
    void topk(Tensor x, int k, Tensor values, Tensor indices);

    /** dx[r, indices[r,j]] += dvalues[r,j]. */
    void topkBackward(Tensor indices, Tensor dvalues, Tensor dx);
}
