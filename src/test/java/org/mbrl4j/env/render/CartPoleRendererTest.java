package org.mbrl4j.env.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mbrl4j.env.render.FrameAsserts.assertPixel;
import static org.mbrl4j.env.render.FrameAsserts.box;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/**
 * Cart-pole frames: deterministic, distinct for distinct (x, θ), and golden pixels worked out by hand
 * (scale 64/4.8 = 13.33 px/m, track y 31.5..32.5, cart 5.33 × 3.2 px, pivot 0.8 px above the track
 * centre, pole 1.067 px wide reaching 12.8 px above the pivot).
 */
class CartPoleRendererTest {
    private final CartPoleRenderer renderer = new CartPoleRenderer();
    private final TestRandom rnd = new TestRandom();

    private static float[] state(double x, double theta) {
        return new float[] {(float) x, (float) Math.cos(theta), (float) Math.sin(theta), 0.3f, -1f};
    }

    @Test
    void theSameStateGivesTheSameBytes() {
        for (int i = 0; i < 20; i++) {
            float[] s = state(rnd.uniform(-1.8, 1.8), rnd.uniform(-Math.PI, Math.PI));
            assertArrayEquals(renderer.render(s), new CartPoleRenderer().render(s.clone()), "seed " + rnd.seed());
        }
    }

    @Test
    void differentPositionsOrAnglesGiveDifferentFrames() {
        for (int i = 0; i < 20; i++) {
            double x = rnd.uniform(-1.7, 1.7);
            double theta = rnd.uniform(-Math.PI, Math.PI);
            byte[] f = renderer.render(state(x, theta));
            assertFalse(Arrays.equals(f, renderer.render(state(x + 0.1, theta))), "x moved, seed " + rnd.seed());
            assertFalse(Arrays.equals(f, renderer.render(state(x, theta + 0.2))), "θ moved, seed " + rnd.seed());
        }
    }

    /** The track covers half the samples of rows 31 and 32: (255·8 + 0·8 + 8)/16 = 128. */
    @Test
    void theTrackIsAHalfCoveredPairOfRows() {
        byte[] f = renderer.render(state(0, 0));
        for (int col : new int[] {0, 10, 60}) {
            assertPixel(f, 31, col, 128, 128, 128);
            assertPixel(f, 32, col, 128, 128, 128);
            assertPixel(f, 30, col, 255, 255, 255);
        }
        assertPixel(f, 32, 32, 0, 0, 0); // inside the cart (x 29.3..34.7, y 30.4..33.6)
    }

    /**
     * Upright pole at x = 0: it covers x 31.47..32.53, half the samples of columns 31 and 32:
     * (255·8 + 202·8 + 8)/16 = 229, (255·8 + 152·8 + 8)/16 = 204, (255·8 + 101·8 + 8)/16 = 178; it ends at
     * y = 18.4, so row 18 is its first.
     */
    @Test
    void theUprightPoleEndsAtRowEighteen() {
        byte[] f = renderer.render(state(0, 0));
        assertArrayEquals(new int[] {18, 29, 31, 32}, box(f, 0, 29), "{top, bottom, left, right} above the cart");
        assertPixel(f, 25, 31, 229, 204, 178);
        assertPixel(f, 25, 32, 229, 204, 178);
    }

    /** Hanging down at x = 1 m: the pole's column moves 13.33 px right and its end reaches y = 31.2 + 12.8 = 44.0. */
    @Test
    void theHangingPoleFollowsTheCart() {
        byte[] f = renderer.render(state(1, Math.PI));
        assertArrayEquals(new int[] {34, 43, 44, 45}, box(f, 34, 63), "{top, bottom, left, right} below the cart");
    }
}
