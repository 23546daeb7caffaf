package org.mbrl4j.backend;

import org.mbrl4j.tensor.Tensor;

/**
 * Recurrent cells (PlaNet's RSSM deterministic path). The cell takes the input and hidden projections
 * precomputed by {@link DenseOps} (so the GEMMs stay there) and fuses the gate arithmetic.
 *
 * <p>GRU gate convention: PyTorch {@code nn.GRUCell}. With gi = W_ih x + b_ih and gh = W_hh h + b_hh,
 * each (M, 3·Ld) and split into thirds [r, z, n]:
 * <pre>
 *   r = σ(gi_r + gh_r),  z = σ(gi_z + gh_z),  n = tanh(gi_n + r ⊙ gh_n),  h' = (1 - z) ⊙ n + z ⊙ h
 * </pre>
 * (TensorFlow's GRUBlockCell in PlaNet applies r before the hidden matmul, n = tanh(W x + U (r ⊙ h)),
 * and swaps the roles of z and 1 - z; both are GRUs of the same capacity.)
 */
public interface RecurrentOps {

    /** hNew (M, Ld) from gi, gh (M, 3·Ld) and h (M, Ld); leading dims may be any (..., ·). */
    void gruCellForward(Tensor gi, Tensor gh, Tensor h, Tensor hNew);

    /**
     * Gradients accumulate into dgi, dgh (M, 3·Ld) and dh (M, Ld), any of them null; the gates are
     * recomputed from gi, gh, h. With g = dhNew: dn = g(1 - z), dz = g(h - n), dh += g z,
     * a = dn(1 - n²): dgi_n += a, dgh_n += a r; b = a gh_n r(1 - r): dgi_r += b, dgh_r += b;
     * c = dz z(1 - z): dgi_z += c, dgh_z += c.
     */
    void gruCellBackward(Tensor gi, Tensor gh, Tensor h, Tensor dhNew, Tensor dgi, Tensor dgh, Tensor dh);
}
