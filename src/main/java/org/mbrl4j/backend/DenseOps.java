package org.mbrl4j.backend;

import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Matrix products and the layers built on them. Weight layout follows PyTorch: {@code w (F, Fi)} maps
 * Fi input features to F outputs. Dims (docs/dims.md#op-dims): E heads, M rows, Fi inputs, F outputs.
 */
public interface DenseOps {

    /**
     * c = alpha * op(a) * op(b) + beta * c. Rank 2: a (M, Fi) or (Fi, M) when transposed, b (Fi, F) or (F, Fi),
     * c (M, F). Rank 3: the same per batch index over a leading batch dim shared by a, b and c.
     * With beta = 0, c's previous contents are ignored (NaN in c does not propagate).
     */
    void gemm(Tensor a, Transpose ta, Tensor b, Transpose tb, Tensor c, float alpha, float beta);

    /** y (M, F) = x (M, Fi) · w (F, Fi)^T + b (F); b may be null. */
    void linearForward(Tensor x, Tensor w, Tensor b, Tensor y);

    /** Accumulates dx (M, Fi) += dy·w, dw (F, Fi) += dy^T·x, db (F) += Σ_rows dy. Any grad may be null. */
    void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db);

    /**
     * Ensemble linear over stacked heads, one batched op: y[e] (M, F) = x[e] · w[e]^T + b[e] with
     * w (E, F, Fi), b (E, F) or null, y (E, M, F). x is either (E, M, Fi) (one input per head) or (M, Fi)
     * (the same input for every head, as the Q ensemble reads one latent).
     */
    void ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y);

    /** Backward of {@link #ensembleLinearForward}; a shared x (M, Fi) gets the sum over heads. */
    void ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db);

    /**
     * The TD-MPC2 layer as one op (tdmpc2 common/layers.py: NormedLinear):
     * u = dropout_p(x·w^T + b); h = LayerNorm(u)·gamma + beta (eps); y = act(h).
     * Works on plain (x (M, Fi), w (F, Fi), b (F), gamma (F), beta (F)) or ensemble shapes
     * (x (E, M, Fi) or (M, Fi), w (E, F, Fi), b (E, F), gamma (E, F), beta (E, F)).
     * Saves what backward needs: {@code u} (post-dropout linear output, shape of y), {@code mean} and
     * {@code rstd} of each row (shape of y without the last dim). {@code dropout} is null when no
     * dropout applies (p = 0 or eval mode); the mask is a pure function of its key
     * ({@link RandomOps#dropoutForward}), so backward regenerates it instead of storing it.
     */
    void fusedLayerForward(Tensor x, Tensor w, Tensor b, DropoutSpec dropout, Tensor gamma, Tensor beta, float eps,
            Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd);

    /** Backward of {@link #fusedLayerForward}, accumulating into every non-null gradient. */
    void fusedLayerBackward(Tensor x, Tensor w, DropoutSpec dropout, Tensor gamma, Tensor beta, Activation act,
            int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dw, Tensor db,
            Tensor dgamma, Tensor dbeta);

    /** Dropout with probability p of zeroing (survivors scaled by 1/(1-p)), mask drawn from key. */
    record DropoutSpec(float p, PhiloxKey key) {
        public DropoutSpec {
            if (!(p >= 0f && p < 1f)) {
                throw new IllegalArgumentException("dropout p=" + p + " must be in [0, 1)");
            }
        }
    }
}
