/**
 * Frames for {@code obs=rgb} (docs/pixels.md): software renderers that draw an env's state observation
 * as a (3, 64, 64) RGB u8 frame the way Gymnasium's classic renderers draw it
 * ({@link org.mbrl4j.env.render.PendulumRenderer}, {@link org.mbrl4j.env.render.CartPoleRenderer}, on a
 * supersampled {@link org.mbrl4j.env.render.Canvas}), the wrapper that replaces state observations by
 * frames ({@link org.mbrl4j.env.render.PixelObservations}), the lookup of the tasks that have frames
 * ({@link org.mbrl4j.env.render.PixelEnvs}), and PNG output for a reader
 * ({@link org.mbrl4j.env.render.FramePng}). A frame is a pure function of the state: the same state
 * gives the same bytes on every machine.
 */
package org.mbrl4j.env.render;
