/**
 * Tensors as the backends see them: a {@link org.mbrl4j.tensor.Tensor} is a contiguous row-major view
 * (offset and shape) into a backend's {@link org.mbrl4j.tensor.Storage}, float32 or int32
 * ({@link org.mbrl4j.tensor.DType}), on a {@link org.mbrl4j.tensor.Device}; a
 * {@link org.mbrl4j.tensor.StepArena} hands out one step's temporaries and
 * {@link org.mbrl4j.tensor.Shapes} holds the shape arithmetic the launchers check with.
 *
 * <p>Dims legend, used by every shape comment and error message in the project (the full table, with sources and the
 * specs' own letters: docs/dims.md#legend). Shapes are row-major, {@code (T+1, B, L)}, with I32 marked
 * where the element type is not float32.
 * <ul>
 *   <li>Algorithms: B batch, T horizon or window length (latents T+1), T_e episode length, Ep episodes,
 *       O observation size, Ch/Hp/Wp a frame's channels/height/width, A action, L latent (Ld, Ls:
 *       PlaNet's deterministic and stochastic parts), V two-hot bins, Q Q heads, D dynamics heads
 *       (head 0 plus D − 1 extra), N Gaussian samples or rollouts, S policy seed trajectories,
 *       C = S + N planner candidates, K elites, G auxiliary discounts, X logged examples.
 *   <li>Ops (which do not know which model tensor they process): M rows (every leading dim
 *       flattened), F row width or output features, Fi input features (a GEMM's reduction dim),
 *       E ensemble members (Q or D − 1 at the call site), numel a flat element count. A GEMM is
 *       {@code op(a) (M, Fi) · op(b) (Fi, F) → c (M, F)}, its operands in lower case.
 * </ul>
 * A letter means one thing everywhere; products are written out ({@code T·B}); H, Z and R are retired.
 */
package org.mbrl4j.tensor;
