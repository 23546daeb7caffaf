/**
 * Replay of whole episodes (tdmpc2/common/buffer.py, docs/tdmpc2.md#replay-buffer): an
 * {@link org.mbrl4j.buffer.Episode} enters the {@link org.mbrl4j.buffer.EpisodeBuffer} only when it
 * ends; the buffer evicts whole oldest episodes to stay within its capacity in transitions, and
 * samples windows of L transitions (L+1 consecutive observations) that never cross an episode,
 * returned as a time-major {@link org.mbrl4j.buffer.Batch}. Observations are held in their own
 * element type ({@link org.mbrl4j.buffer.ObsArray}: f32 vectors as floats, u8 frames as bytes).
 *
 * <p>Dims legend: T episode length (transitions), L window length (transitions; the horizon H for
 * TD-MPC2), B batch, O elements per observation (*obs_shape flattened), A action dim.
 */
package org.mbrl4j.buffer;
