package org.mbrl4j.backend;

import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Matrix products and the layers built on them. Weight layout follows PyTorch: {@code w (N, K)} maps
 * K input features to N outputs. Dims: E heads, M rows, K inputs, N outputs.
 */
public interface DenseOps {

    /**
     * C = alpha * op(A) * op(B) + beta * C. Rank 2: A (M,K) or (K,M) when transposed, B (K,N) or (N,K),
     * C (M,N). Rank 3: the same per batch index over a leading batch dim shared by A, B and C.
     * With beta = 0, C's previous contents are ignored (NaN in C does not propagate).
     */
    void gemm(Tensor a, Transpose ta, Tensor b, Transpose tb, Tensor c, float alpha, float beta);

    /** y (M,N) = x (M,K) · w (N,K)^T + b (N); b may be null. */
    void linearForward(Tensor x, Tensor w, Tensor b, Tensor y);

    /** Accumulates dx (M,K) += dy·w, dw (N,K) += dy^T·x, db (N) += Σ_rows dy. Any grad may be null. */
    void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db);

    /**
     * Ensemble linear over stacked heads, one batched op: y[e] (M,N) = x[e] · w[e]^T + b[e] with
     * w (E,N,K), b (E,N) or null, y (E,M,N). x is either (E,M,K) (one input per head) or (M,K)
     * (the same input for every head, as the Q ensemble reads one latent).
     */
    void ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y);

    /** Backward of {@link #ensembleLinearForward}; a shared x (M,K) gets the sum over heads. */
    void ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db);

    /**
     * The TD-MPC2 layer as one op (tdmpc2 common/layers.py: NormedLinear):
     * u = dropout_p(x·w^T + b); h = LayerNorm(u)·gamma + beta (eps); y = act(h).
     * Works on plain (x (M,K), w (N,K), b (N), gamma (N), beta (N)) or ensemble shapes
     * (x (E,M,K) or (M,K), w (E,N,K), b (E,N), gamma (E,N), beta (E,N)).
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
