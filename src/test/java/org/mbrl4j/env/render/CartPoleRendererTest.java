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
 * centre, pole 2.133 px wide reaching 0.92 m = 12.27 px from the pivot).
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
        assertPixel(f, 32, 30, 0, 0, 0); // inside the cart (x 29.3..34.7, y 30.4..33.6), clear of pole and axle
    }

    /**
     * Upright pole at x = 0: it covers x 30.93..33.07, so columns 31 and 32 entirely (the pole colour exactly)
     * and no sample of columns 30 and 33; it ends at y = 31.2 − 12.27 = 18.93, so row 19 is its first.
     */
    @Test
    void theUprightPoleEndsAtRowNineteen() {
        byte[] f = renderer.render(state(0, 0));
        assertArrayEquals(new int[] {19, 29, 31, 32}, box(f, 0, 29), "{top, bottom, left, right} above the cart");
        assertPixel(f, 25, 31, 202, 152, 101);
        assertPixel(f, 25, 32, 202, 152, 101);
    }

    /** Hanging down at x = 1 m: the pole moves 13.33 px right (x 44.27..46.4) and ends at y = 31.2 + 12.27 = 43.47. */
    @Test
    void theHangingPoleFollowsTheCart() {
        byte[] f = renderer.render(state(1, Math.PI));
        assertArrayEquals(new int[] {34, 43, 44, 46}, box(f, 34, 63), "{top, bottom, left, right} below the cart");
    }
}
