package org.mbrl4j.env.render;

import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Pendulum;

/**
 * Pendulum-v1 as Gymnasium's {@code classic_control/pendulum.py} {@code render()} draws it, scaled
 * from its 500×500 screen to S×S: white background, a rod of length 1 and width 0.2 (world units)
 * from the pivot in colour (204, 77, 77) with a disc of the same colour and radius 0.1 at each end,
 * and a black axle disc of radius 0.05 at the pivot; the visible world is [−2.2, 2.2]², θ = 0 points
 * up and positive θ turns the rod anticlockwise.
 *
 * <p>Differences from the reference, all for a state-only, deterministic frame: no torque arrow (it
 * shows the last action, not the state, so equal states would give different frames); disc radii are
 * not truncated to whole pixels (pygame's {@code int(rod_width / 2)}); the pivot sits at the centre of
 * the frame (S/2, S/2), between the four middle pixels; shapes are anti-aliased by {@link Canvas}'s
 * supersampling instead of gfxdraw's outlines.
 *
 * <p>State observation: [cos θ, sin θ, θ̇]; θ = atan2(sin θ, cos θ).
 */
public final class PendulumRenderer implements FrameRenderer {
    /** Half the visible world width (pendulum.py: bound = 2.2). */
    static final double BOUND = 2.2;
    /** Rod length and width, world units (pendulum.py: rod_length = 1·scale, rod_width = 0.2·scale). */
    static final double ROD_LENGTH = 1.0;
    static final double ROD_WIDTH = 0.2;
    /** Axle radius (pendulum.py: int(0.05·scale)). */
    static final double AXLE_RADIUS = 0.05;
    /** pendulum.py: (204, 77, 77) for the rod and its end discs. */
    static final Rgb ROD = new Rgb(204, 77, 77);
    static final Rgb AXLE = Rgb.BLACK;
    static final Rgb BACKGROUND = Rgb.WHITE;

    private final int size;

    public PendulumRenderer() {
        this(DEFAULT_SIZE);
    }

    public PendulumRenderer(int size) {
        if (size < 8) {
            throw new IllegalArgumentException("PendulumRenderer: size must be >= 8 pixels, got " + size);
        }
        this.size = size;
    }

    @Override
    public String task() {
        return Pendulum.NAME;
    }

    /** pendulum.py's dt, 0.05 s. */
    @Override
    public double controlPeriodSeconds() {
        return Pendulum.DT;
    }

    @Override
    public ObsSpec frameSpec() {
        return ObsSpec.frame(3, size, size);
    }

    @Override
    public byte[] render(float[] state) {
        if (state == null || state.length != 3) {
            throw new IllegalArgumentException("PendulumRenderer.render: state must be [cos θ, sin θ, θ̇] (3 values),"
                    + " got " + (state == null ? "null" : state.length + " values"));
        }
        return draw(Math.atan2(state[1], state[0]));
    }

    /** The frame of angle θ (0 up, anticlockwise positive). */
    public byte[] draw(double theta) {
        double scale = size / (2 * BOUND);
        double centre = size / 2.0;
        // rod direction on screen (y down): (−sin θ, −cos θ)
        double endX = centre - Math.sin(theta) * ROD_LENGTH * scale;
        double endY = centre - Math.cos(theta) * ROD_LENGTH * scale;
        double halfWidth = ROD_WIDTH / 2 * scale;
        Canvas canvas = new Canvas(size, BACKGROUND);
        canvas.fillBar(centre, centre, endX, endY, ROD_WIDTH * scale, ROD);
        canvas.fillDisc(centre, centre, halfWidth, ROD);
        canvas.fillDisc(endX, endY, halfWidth, ROD);
        canvas.fillDisc(centre, centre, AXLE_RADIUS * scale, AXLE);
        return canvas.bytes();
    }
}
