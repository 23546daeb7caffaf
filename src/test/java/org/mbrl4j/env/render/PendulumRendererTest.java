package org.mbrl4j.env.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbrl4j.env.render.FrameAsserts.assertPixel;
import static org.mbrl4j.env.render.FrameAsserts.box;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/**
 * Pendulum frames: deterministic, distinct for distinct angles, and golden pixels worked out by hand
 * from the geometry (scale 64/4.4 px per unit, pivot at (32, 32), rod width 2.909 px, end discs of
 * radius 1.4545 px, axle radius 0.727 px; 4×4 samples per pixel).
 */
class PendulumRendererTest {
    private final PendulumRenderer renderer = new PendulumRenderer();
    private final TestRandom rnd = new TestRandom();

    private static float[] state(double theta) {
        return new float[] {(float) Math.cos(theta), (float) Math.sin(theta), 0f};
    }

    @Test
    void theSameStateGivesTheSameBytes() {
        for (int i = 0; i < 20; i++) {
            float[] s = {(float) rnd.uniform(-1, 1), (float) rnd.uniform(-1, 1), (float) rnd.uniform(-8, 8)};
            byte[] a = renderer.render(s);
            byte[] b = new PendulumRenderer().render(s.clone());
            assertArrayEquals(a, b, "seed " + rnd.seed() + ", state " + Arrays.toString(s));
            assertEquals(3 * 64 * 64, a.length);
        }
    }

    @Test
    void differentAnglesGiveDifferentFrames() {
        double previous = rnd.uniform(-Math.PI, Math.PI);
        for (int i = 0; i < 20; i++) {
            double theta = previous + rnd.uniform(0.05, 2 * Math.PI - 0.05); // at least 0.05 rad apart
            assertFalse(Arrays.equals(renderer.render(state(previous)), renderer.render(state(theta))),
                    "seed " + rnd.seed() + ": θ " + previous + " and " + theta);
            previous = theta;
        }
    }

    @Test
    void theAngularVelocityIsNotDrawn() {
        assertArrayEquals(renderer.render(new float[] {0.6f, 0.8f, -3f}), renderer.render(new float[] {0.6f, 0.8f, 5f}));
    }

    /**
     * The four pixels around the pivot are fully covered by the rod's pivot disc, then 6 of their 16
     * samples by the black axle: (204·10 + 0·6 + 8)/16 = 128 and (77·10 + 8)/16 = 48, at every angle.
     */
    @Test
    void thePivotPixelsAreTheRodColourSixSixteenthsUnderTheAxle() {
        for (double theta : new double[] {0, 1, -2.5, Math.PI}) {
            byte[] f = renderer.render(state(theta));
            for (int row = 31; row <= 32; row++) {
                for (int col = 31; col <= 32; col++) {
                    assertPixel(f, row, col, 128, 48, 48);
                }
            }
        }
    }

    /** Upright (θ = 0): the rod's end disc reaches y = 32 − 14.545 − 1.4545 = 16.0; the rod covers x 30.55..33.45. */
    @Test
    void uprightRodEndsAtRowSixteenAndIsSolidInColumns31And32() {
        byte[] f = renderer.render(state(0));
        assertArrayEquals(new int[] {16, 33, 30, 33}, box(f, 0, 63), "{top, bottom, left, right}");
        for (int row = 18; row <= 30; row++) {
            assertPixel(f, row, 31, 204, 77, 77);
            assertPixel(f, row, 32, 204, 77, 77);
        }
        assertPixel(f, 40, 31, 255, 255, 255);
    }

    /** θ = π/2 turns the rod anticlockwise to the left: its end disc reaches x = 16.0; θ = π hangs down to y = 48.0. */
    @Test
    void theRodEndMovesWithTheAngle() {
        assertArrayEquals(new int[] {30, 33, 16, 33}, box(renderer.render(state(Math.PI / 2)), 0, 63));
        assertArrayEquals(new int[] {30, 33, 30, 47}, box(renderer.render(state(-Math.PI / 2)), 0, 63));
        assertArrayEquals(new int[] {30, 47, 30, 33}, box(renderer.render(state(Math.PI)), 0, 63));
        byte[] left = renderer.render(state(Math.PI / 2));
        assertPixel(left, 31, 17, 204, 77, 77);
        assertTrue(FrameAsserts.isWhite(left, 31, 15));
    }

    @Test
    void aStateOfTheWrongSizeIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> renderer.render(new float[] {1, 0}));
        assertTrue(e.getMessage().contains("[cos θ, sin θ, θ̇] (3 values), got 2 values"), e.getMessage());
    }
}
