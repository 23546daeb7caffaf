package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.EnvTask;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.render.FramePng;

/**
 * Off-screen frames through MuJoCo's renderer in an OSMesa context: every task renders a non-blank
 * 64×64 frame from its camera 0, the same state gives the same bytes, another state another frame.
 * The frames (64×64, and a sheet of 240×240 ones) are written to target/mujoco-frames/ for a reader to
 * look at.
 */
class MujocoRendererTest {
    @BeforeAll
    static void mujoco() {
        MujocoInstalled.require();
    }

    @Test
    void everyTaskRendersANonBlankDeterministicFrameFromCameraZero() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<byte[]> large = new ArrayList<>();
        for (EnvTask t : new MujocoEnvProvider().tasks()) {
            MujocoEnv env = (MujocoEnv) Envs.make(t.name());
            env.reset(0);
            try (MujocoRenderer r = MujocoRenderer.open(env.model(), 64, 64)) {
                byte[] a = r.render(0);
                assertEquals(3 * 64 * 64, a.length);
                assertTrue(distinct(a) > 20, t.name() + ": " + distinct(a) + " distinct byte values");
                assertArrayEquals(a, r.render(0), t.name() + ": the same state, the same frame");
                frames.add(a);
            }
            try (MujocoRenderer r = MujocoRenderer.open(env.model(), 240, 240)) {
                large.add(r.render(0));
            }
        }
        Path dir = Path.of("target/mujoco-frames");
        Files.createDirectories(dir);
        FramePng.write(dir.resolve("tasks-64.png"), 64, 2, frames.toArray(byte[][]::new));
        FramePng.write(dir.resolve("tasks-240.png"), 240, 1, large.toArray(byte[][]::new));
    }

    @Test
    void theFrameFollowsTheStateAndAnyCameraOrSizeWorks() {
        MujocoEnv env = (MujocoEnv) Envs.make(CartpoleTask.SWINGUP);
        env.reset(0);
        MujocoModel m = env.model();
        try (MujocoRenderer r = MujocoRenderer.open(m, 96, 80)) {
            assertEquals(0, r.cameraId("fixed"));
            assertEquals(-1, r.cameraId("nope"));
            byte[] hanging = r.render(0);
            assertEquals(3 * 96 * 80, hanging.length);
            m.set(MujocoField.QPOS, "hinge_1", 0, 0);
            m.set(MujocoField.QPOS, "slider", 0, 0.5);
            env.evaluateCurrentState(new double[1]);
            assertFalse(java.util.Arrays.equals(hanging, r.render(0)), "an upright pole moved right looks different");
            assertEquals(3 * 96 * 80, r.render(-1).length, "MuJoCo's free camera");
            var bad = assertThrows(MujocoException.class, () -> r.render(5));
            assertEquals("render failed (BAD_ARGUMENT): camera 5 out of range: the model has 1 camera(s)", bad.getMessage());
        }
        try (MujocoRenderer big = MujocoRenderer.open(m, 640, 640)) {
            assertEquals(3 * 640 * 640, big.render(0).length, "larger than MuJoCo's default 640x480 off-screen buffer");
        }
    }

    @Test
    void obsRgbWrapsAMujocoTaskUnderItsActionRepeatIntoStackedFrames() {
        var pixels = org.mbrl4j.env.render.PixelEnvs.wrap(Envs.make(CartpoleTask.SWINGUP, 2), 3);
        assertEquals(org.mbrl4j.env.ObsSpec.frame(9, 64, 64), pixels.spec().observation());
        assertEquals(500, pixels.spec().maxEpisodeSteps());
        byte[] first = ((org.mbrl4j.env.Observation.U8) pixels.reset(4)).values();
        MujocoEnv reference = (MujocoEnv) Envs.make(CartpoleTask.SWINGUP);
        reference.reset(4);
        byte[] frame = reference.frame(64);
        assertArrayEquals(frame, java.util.Arrays.copyOfRange(first, 2 * frame.length, 3 * frame.length),
                "the newest frame of the stack is the renderer's frame of the same state");
        var s = pixels.step(new float[] {1});
        reference.step(new float[] {1});
        reference.step(new float[] {1});
        byte[] stacked = ((org.mbrl4j.env.Observation.U8) s.observation()).values();
        assertArrayEquals(reference.frame(64), java.util.Arrays.copyOfRange(stacked, 2 * frame.length, 3 * frame.length),
                "one frame per agent step, of the state after both repeats");
    }

    private static int distinct(byte[] frame) {
        boolean[] seen = new boolean[256];
        int n = 0;
        for (byte b : frame) {
            if (!seen[b & 0xFF]) {
                seen[b & 0xFF] = true;
                n++;
            }
        }
        return n;
    }
}
