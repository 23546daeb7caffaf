package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/** Top-k selection along the last dim, and the planner's elite refit built on it. */
public interface SelectOps {

    /**
     * values (M, K) and indices (I32, M, K) of the K largest entries of each row of x (M, F), in
     * descending order; ties go to the smaller index; NaN ranks below every number.
     */
    void topk(Tensor x, int k, Tensor values, Tensor indices);

    /** dx[r, indices[r,j]] += dvalues[r,j]. */
    void topkBackward(Tensor indices, Tensor dvalues, Tensor dx);

    /**
     * The planner's elite step for E episodes in one op (docs/planner.md#plan-algorithm steps 8-10): per
     * episode e, the top-K candidates by score ({@link #topk}'s order), softmax weights over their
     * scores divided by {@code temperature}, and the weighted mean and std of their action sequences.
     * <pre>
     *   idx = topk(scores[e], K);  eliteScores[e] = scores[e, idx];  w = weights[e] = softmax(eliteScores[e] / temperature)
     *   mean[e, d] = Σ_k w_k·actions[e, idx_k, d]
     *   std[e, d]  = clamp(sqrt(Σ_k w_k·(actions[e, idx_k, d] − mean[e, d])²), stdMin, stdMax)
     * </pre>
     * Not differentiable. Shapes: scores (E, C); actions (E, C, D) with D = T·A; eliteIndices (I32, E, K);
     * eliteScores, weights (E, K); mean, std (E, D).
     */
    void eliteRefit(Tensor scores, Tensor actions, int k, float temperature, float stdMin, float stdMax,
            Tensor eliteIndices, Tensor eliteScores, Tensor weights, Tensor mean, Tensor std);
}
