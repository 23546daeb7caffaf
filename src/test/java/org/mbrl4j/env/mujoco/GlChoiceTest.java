package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rendering backend: automatic EGL on a GPU with a fallback to OSMesa and one log line, a forced
 * backend through MBRL_GL, and, on a machine without a GPU, the real EGL probe failing cleanly (no
 * crash, no hang) so that frames come from OSMesa.
 */
class GlChoiceTest {
    private static final EglProbe NO_GPU = new EglProbe(false, "no GPU among the 1 EGL device(s) of libEGL.so.1");
    private static final EglProbe GPU = new EglProbe(true, "libEGL.so.1, device 0 of 1 /dev/dri/card0, EGL 1.5");

    private static Supplier<EglProbe> never() {
        return () -> {
            throw new AssertionError("OSMesa was forced: EGL must not be probed");
        };
    }

    @Test
    void automaticTakesEglWhenItCanRenderOnAGpuElseFallsBackToOsmesaSayingWhy() {
        GlChoice fallback = GlChoice.select(null, () -> NO_GPU);
        assertEquals(GlBackend.OSMESA, fallback.backend());
        assertFalse(fallback.forced());
        assertEquals("mujoco render: OSMesa context (libOSMesa.so.8, software rendering on the CPU); EGL not used: "
                + NO_GPU.message(), fallback.logLine("libOSMesa.so.8"));

        GlChoice gpu = GlChoice.select(null, () -> GPU);
        assertEquals(GlBackend.EGL, gpu.backend());
        assertEquals("mujoco render: EGL context (" + GPU.message() + "; GPU rendering)", gpu.logLine("unused"));
    }

    @Test
    void mbrlGlForcesABackendAndAForcedEglThatCannotRenderIsAClearError() {
        GlChoice osmesa = GlChoice.select("osmesa", never());
        assertEquals(GlBackend.OSMESA, osmesa.backend());
        assertEquals("mujoco render: OSMesa context (libOSMesa.so.8, software rendering on the CPU, forced by"
                + " MBRL_GL=osmesa)", osmesa.logLine("libOSMesa.so.8"));
        assertEquals(GlBackend.EGL, GlChoice.select("EGL", () -> GPU).backend());
        assertTrue(GlChoice.select("egl", () -> GPU).logLine("-").endsWith("; GPU rendering, forced by MBRL_GL=egl)"));

        var missing = assertThrows(IllegalStateException.class, () -> GlChoice.select("egl", () -> NO_GPU));
        assertEquals("MBRL_GL=egl forces EGL, but EGL cannot render here: " + NO_GPU.message() + ". Unset MBRL_GL"
                + " (automatic: EGL on a GPU, else OSMesa) or set MBRL_GL=osmesa", missing.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> GlChoice.select("vulkan", () -> GPU));
        assertEquals("MBRL_GL (or -Dmbrl.gl) = 'vulkan' is not a rendering backend; use osmesa or egl, or leave it"
                + " unset for automatic", bad.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withoutAGpuTheRealEglProbeFailsCleanlyAndFramesComeFromOsmesaWithOneLogLine() {
        MujocoInstalled.require();
        boolean gpu = Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/dev/dri"));
        assumeTrue(!gpu, "this machine has a GPU device node: the fallback is not what runs here");
        EglProbe probe = EglProbe.run(MujocoLibrary.load());
        assertFalse(probe.usable(), probe.message());
        assertFalse(probe.message().isBlank(), "the probe says why EGL is not usable");
        assertEquals(probe, EglProbe.run(MujocoLibrary.load()), "probed once per process: the same answer");
        GlChoice auto = GlChoice.select(null, () -> probe);
        assertEquals(GlBackend.OSMESA, auto.backend());
        assumeTrue(GlChoice.setting() == null, "MBRL_GL is set in this environment");

        MujocoEnv env = (MujocoEnv) org.mbrl4j.env.Envs.make(CartpoleTask.SWINGUP);
        env.reset(0);
        try (MujocoRenderer r = MujocoRenderer.open(env.model(), 32, 32)) {
            assertEquals(3 * 32 * 32, r.render(0).length);
        }
        String line = MujocoRenderer.contextLine();
        assertTrue(line.startsWith("mujoco render: OSMesa context (libOSMesa"), line);
        assertTrue(line.endsWith("; EGL not used: " + probe.message()), line);
    }
}
