package org.mbrl4j.env.render;

import org.mbrl4j.env.ObsSpec;

/**
 * Draws the frame an env's state looks like, from the env's own f32 state observation: a pure
 * function of that vector (same state, same bytes), so frames need no access to the env's internals
 * and follow every wrapper that passes the state observation on (action repeat, time limit).
 */
public interface FrameRenderer {

    /** Frame side in pixels: frames are (3, S, S) RGB u8. */
    int DEFAULT_SIZE = 64;

    /** The task this renderer draws, as registered ({@code pendulum}). */
    String task();

    /**
     * Seconds of the task's time between two of its steps before any action repeat (its control
     * period): videos of an episode show a frame for this long times the action repeat.
     */
    double controlPeriodSeconds();

    /** The frame spec: u8 (3, S, S). */
    ObsSpec frameSpec();

    /**
     * The frame of state observation {@code state}, (3, S, S) channels first.
     *
     * @throws IllegalArgumentException when {@code state} has not the task's state size
     */
    byte[] render(float[] state);
}
