/**
 * Replay of whole episodes (tdmpc2/common/buffer.py, docs/tdmpc2.md#replay-buffer): an
 * {@link org.mbrl4j.buffer.Episode} enters the {@link org.mbrl4j.buffer.EpisodeBuffer} only when it
 * ends; the buffer evicts whole oldest episodes to stay within its capacity in transitions, and
 * samples windows of T transitions (T+1 consecutive observations) that never cross an episode,
 * returned as a time-major {@link org.mbrl4j.buffer.Batch}. Observations are held in their own
 * element type ({@link org.mbrl4j.buffer.ObsArray}: f32 vectors as floats, u8 frames as bytes).
 *
 * <p>Dims (docs/dims.md#legend): T_e episode length (transitions), T window length (transitions: the
 * horizon for TD-MPC2, the chunk length for PlaNet), B batch, O elements of an f32 observation, Ch, Hp,
 * Wp a u8 frame's channels, height and width, A action size.
 */
package org.mbrl4j.buffer;
