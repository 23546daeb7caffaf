package org.mbrl4j.env.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.ActionRepeat;
import org.mbrl4j.env.CartPoleSwingup;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.FrameStack;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Pendulum;
import org.mbrl4j.env.Step;
import org.mbrl4j.testing.TestRandom;

/**
 * The pixel wrappers: frames are the renderer's drawing of the wrapped env's state, a frame stack
 * starts with the first frame in every slot and shifts one frame per step, and tasks without a renderer
 * are refused by name.
 */
class PixelEnvsTest {
    private static final int FRAME = 3 * 64 * 64;
    private final TestRandom rnd = new TestRandom();

    private static byte[] bytes(Observation o) {
        return assertInstanceOf(Observation.U8.class, o).values();
    }

    @Test
    void framesAreTheRenderingOfTheStateAfterEachAgentStep() {
        for (String task : List.of(Pendulum.NAME, CartPoleSwingup.NAME)) {
            Env state = Envs.make(task, 2);
            Env pixels = PixelEnvs.wrap(Envs.make(task, 2), 1);
            assertEquals(ObsSpec.frame(3, 64, 64), pixels.spec().observation(), task);
            assertEquals(state.spec().maxEpisodeSteps(), pixels.spec().maxEpisodeSteps(), task);
            FrameRenderer renderer = PixelEnvs.renderer(task).orElseThrow();
            long seed = rnd.nextLong();
            Observation s0 = state.reset(seed);
            assertArrayEquals(renderer.render(((Observation.F32) s0).values()), bytes(pixels.reset(seed)), task);
            for (int t = 0; t < 5; t++) {
                float[] a = {(float) rnd.uniform(-1, 1)};
                Step want = state.step(a);
                Step got = pixels.step(a);
                assertArrayEquals(renderer.render(((Observation.F32) want.observation()).values()),
                        bytes(got.observation()), task + " step " + t + ", seed " + rnd.seed());
                assertEquals(want.reward(), got.reward(), task);
            }
        }
    }

    @Test
    void aFrameStackStartsWithTheFirstFrameEverywhereAndShiftsOnePerStep() {
        Env single = PixelEnvs.wrap(Envs.make(Pendulum.NAME), 1);
        Env stacked = PixelEnvs.wrap(Envs.make(Pendulum.NAME), 3);
        assertInstanceOf(FrameStack.class, stacked);
        assertEquals(ObsSpec.frame(9, 64, 64), stacked.spec().observation());
        long seed = rnd.nextLong();
        byte[] f0 = bytes(single.reset(seed));
        byte[] s0 = bytes(stacked.reset(seed));
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(f0, Arrays.copyOfRange(s0, k * FRAME, (k + 1) * FRAME), "slot " + k + " after reset");
        }
        byte[] previous = f0;
        byte[] before = f0;
        for (int t = 0; t < 4; t++) {
            float[] a = {(float) rnd.uniform(-1, 1)};
            byte[] f = bytes(single.step(a).observation());
            byte[] s = bytes(stacked.step(a).observation());
            assertArrayEquals(before, Arrays.copyOfRange(s, 0, FRAME), "oldest, step " + t);
            assertArrayEquals(previous, Arrays.copyOfRange(s, FRAME, 2 * FRAME), "middle, step " + t);
            assertArrayEquals(f, Arrays.copyOfRange(s, 2 * FRAME, 3 * FRAME), "newest, step " + t);
            before = previous;
            previous = f;
        }
    }

    @Test
    void actionRepeatInsideTheFramesDrawsOnlyTheLastState() {
        Env pixels = PixelEnvs.wrap(Envs.make(CartPoleSwingup.NAME, 4), 1);
        Env inner = new ActionRepeat(Envs.make(CartPoleSwingup.NAME), 4);
        long seed = rnd.nextLong();
        pixels.reset(seed);
        inner.reset(seed);
        float[] a = {0.7f};
        assertArrayEquals(new CartPoleRenderer().render(((Observation.F32) inner.step(a).observation()).values()),
                bytes(pixels.step(a).observation()));
    }

    @Test
    void aTaskWithoutARendererIsRefusedNamingThoseWithOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> PixelEnvs.wrap(Envs.make("test-blink"), 3));
        assertTrue(e.getMessage().contains("task test-blink has no frame renderer, so it has no rgb observations;"
                + " rgb works for pendulum, cartpole-swingup"), e.getMessage());
        var k = assertThrows(IllegalArgumentException.class, () -> PixelEnvs.wrap(Envs.make(Pendulum.NAME), 0));
        assertTrue(k.getMessage().contains("frame_stack must be >= 1, got 0"), k.getMessage());
    }
}
