package org.mbrl4j.backend;

import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Philox4x32-10 draws into tensors. Every value is a pure function of (key, element index) as
 * {@link PhiloxKey} defines, so both backends produce the same numbers (uniforms bit for bit;
 * normals within the libm tolerance of log/sin/cos).
 */
public interface RandomOps {

    /** out_i = lo + (hi - lo) · u_i with u_i = (bits >>> 8) · 2^-24 in [0, 1). */
    void uniform(PhiloxKey key, float lo, float hi, Tensor out);

    /** out_i = mean + std · n_i, n_i by Box-Muller (see {@code rng.Philox#normal}). */
    void normal(PhiloxKey key, float mean, float std, Tensor out);

    /** out (I32) = lo + floor(bits · (hi - lo) / 2^32), in [lo, hi). */
    void randint(PhiloxKey key, int lo, int hi, Tensor out);

    /**
     * out (I32, M): one index per row of probs (M, F) (non-negative, any positive row sum): the first k
     * with cumsum_k > u_r · Σ_j probs_rj, u_r the row's uniform.
     */
    void categorical(PhiloxKey key, Tensor probs, Tensor out);

    /**
     * out (I32, K): the first K entries of the permutation of 0..n-1 that {@code rng.Rng#permutation}
     * draws from {@code key}'s counter (Fisher-Yates, for i = n-1 down to 1 swap a[i] with a[j],
     * j = randint(0, i + 1) from lane 0 of block counter + (n-1-i)); consumes n - 1 blocks, K <= n.
     */
    void permutationPrefix(PhiloxKey key, int n, Tensor out);

    /** out = x · keep / (1 - p), keep_i = (u_i >= p). */
    void dropoutForward(Tensor x, DenseOps.DropoutSpec spec, Tensor out);

    /** dx += dout · keep / (1 - p), the same mask regenerated from the key. */
    void dropoutBackward(DenseOps.DropoutSpec spec, Tensor dout, Tensor dx);
}
