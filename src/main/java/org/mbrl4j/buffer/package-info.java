/**
 * Replay of whole episodes for TD-MPC2 (tdmpc2/common/buffer.py, reference facts §7.1): an
 * {@link org.mbrl4j.buffer.Episode} enters the {@link org.mbrl4j.buffer.EpisodeBuffer} only when it
 * ends; the buffer evicts whole oldest episodes to stay within its capacity in transitions, and
 * samples windows of H+1 consecutive observations that never cross an episode, returned as a
 * time-major {@link org.mbrl4j.buffer.Batch}.
 *
 * <p>Dims legend: T episode length (transitions), H horizon, B batch, O observation dim, A action dim.
 */
package org.mbrl4j.buffer;
