package org.mbrl4j.env;

/**
 * An env that draws frames of its own current state with its engine's renderer (the MuJoCo tasks), as
 * opposed to a frame renderer that draws from the state observation alone. {@code obs=rgb} uses it
 * for tasks without such a renderer (env.render.PixelEnvs).
 */
public interface FrameSource {

    /** The RGB frame of the current state (after the last reset or step): u8 (3, size, size), rows top to bottom. */
    byte[] frame(int size);

    /**
     * Seconds of the task's time between two of its steps before any action repeat (its control
     * period): videos of an episode show a frame for this long times the action repeat.
     */
    double controlPeriodSeconds();
}
