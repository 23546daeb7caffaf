package org.mbrl4j.env.render;

import org.mbrl4j.env.CartPoleSwingup;
import org.mbrl4j.env.ObsSpec;

/**
 * Cart-pole swing-up drawn as Gymnasium's {@code classic_control/cartpole.py} {@code render()} draws
 * its cart-pole, at that renderer's scale (world width 4.8 m across the frame) on an S×S frame: white
 * background, a black track line through the middle row, a black cart of 0.4 × 0.24 m centred on
 * the track at x, a pole in colour (202, 152, 101) from half its width below the pivot to its length
 * 1 m (this task's pole, cartpole.xml) minus half its width above, and an axle disc of radius half the
 * pole width in (129, 132, 203) at the pivot, 0.06 m above the track (cartheight / 4). θ = 0 is upright
 * and positive θ tips the pole toward +x (right).
 *
 * <p>Differences from the reference: a square frame with the track in the middle (the pole hangs down
 * at the start of a swing-up and must stay in view); the track is a bar one pixel of the 64-pixel frame
 * thick (4.8/64 m) instead of a one-pixel line of a 600-pixel screen, and the pole is 0.16 m wide, twice
 * cartpole.py's 10 pixels at 125 px/m, so that both stay visible at 64×64 (the reference's pole would be
 * 1.07 pixels wide, half-covered pixels of a pale colour); shapes are anti-aliased by {@link Canvas}'s
 * supersampling. The cart stays in view: the rail limit
 * ±1.8 m plus half a cart is inside ±2.4 m.
 *
 * <p>State observation: [x, cos θ, sin θ, ẋ, θ̇]; θ = atan2(sin θ, cos θ).
 */
public final class CartPoleRenderer implements FrameRenderer {
    /** World width across the frame, m (cartpole.py: world_width = 2·x_threshold = 4.8). */
    static final double WORLD_WIDTH = 4.8;
    /** cartpole.py at scale 600/4.8 = 125 px/m: cartwidth 50 px, cartheight 30 px. */
    static final double CART_WIDTH = 0.4;
    static final double CART_HEIGHT = 0.24;
    /** Twice cartpole.py's polewidth of 10 px = 0.08 m, so that the pole is 2.1 pixels wide at 64×64. */
    static final double POLE_WIDTH = 0.16;
    /** The pole of cartpole.xml: 1 m from the hinge (cartpole.py draws 2·length = 1 m too). */
    static final double POLE_LENGTH = 1.0;
    /** cartpole.py: axleoffset = cartheight / 4; the axle's radius is polewidth / 2. */
    static final double AXLE_OFFSET = CART_HEIGHT / 4;
    static final double AXLE_RADIUS = POLE_WIDTH / 2;
    /** Track thickness: one pixel of a 64-pixel frame, in metres. */
    static final double TRACK_THICKNESS = WORLD_WIDTH / 64;
    static final Rgb CART = Rgb.BLACK;
    static final Rgb TRACK = Rgb.BLACK;
    /** cartpole.py: pole (202, 152, 101), axle (129, 132, 203). */
    static final Rgb POLE = new Rgb(202, 152, 101);
    static final Rgb AXLE = new Rgb(129, 132, 203);
    static final Rgb BACKGROUND = Rgb.WHITE;
    /** One control step of cart-pole swing-up: one physics step of cartpole.xml's timestep, 0.01 s. */
    static final double CONTROL_PERIOD = 0.01;

    private final int size;

    public CartPoleRenderer() {
        this(DEFAULT_SIZE);
    }

    public CartPoleRenderer(int size) {
        if (size < 8) {
            throw new IllegalArgumentException("CartPoleRenderer: size must be >= 8 pixels, got " + size);
        }
        this.size = size;
    }

    @Override
    public String task() {
        return CartPoleSwingup.NAME;
    }

    @Override
    public double controlPeriodSeconds() {
        return CONTROL_PERIOD;
    }

    @Override
    public ObsSpec frameSpec() {
        return ObsSpec.frame(3, size, size);
    }

    @Override
    public byte[] render(float[] state) {
        if (state == null || state.length != 5) {
            throw new IllegalArgumentException("CartPoleRenderer.render: state must be [x, cos θ, sin θ, ẋ, θ̇]"
                    + " (5 values), got " + (state == null ? "null" : state.length + " values"));
        }
        return draw(state[0], Math.atan2(state[2], state[1]));
    }

    /** The frame of cart position x (m) and pole angle θ (0 up, positive toward +x). */
    public byte[] draw(double x, double theta) {
        double scale = size / WORLD_WIDTH;
        double centre = size / 2.0;
        Canvas canvas = new Canvas(size, BACKGROUND);
        double trackHalf = TRACK_THICKNESS * scale / 2;
        canvas.fillConvexPolygon(new double[] {0, size, size, 0},
                new double[] {centre - trackHalf, centre - trackHalf, centre + trackHalf, centre + trackHalf}, TRACK);
        double cartX = centre + x * scale;
        double halfW = CART_WIDTH * scale / 2;
        double halfH = CART_HEIGHT * scale / 2;
        canvas.fillConvexPolygon(new double[] {cartX - halfW, cartX + halfW, cartX + halfW, cartX - halfW},
                new double[] {centre - halfH, centre - halfH, centre + halfH, centre + halfH}, CART);
        double pivotY = centre - AXLE_OFFSET * scale;
        // pole direction on screen (y down): (sin θ, −cos θ)
        double dx = Math.sin(theta) * scale;
        double dy = -Math.cos(theta) * scale;
        double back = POLE_WIDTH / 2;
        double reach = POLE_LENGTH - POLE_WIDTH / 2;
        canvas.fillBar(cartX - dx * back, pivotY - dy * back, cartX + dx * reach, pivotY + dy * reach,
                POLE_WIDTH * scale, POLE);
        canvas.fillDisc(cartX, pivotY, AXLE_RADIUS * scale, AXLE);
        return canvas.bytes();
    }
}
