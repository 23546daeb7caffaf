package org.mbrl4j.env.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Whether EGL can render on a GPU in this process, as the shim found it (once per process): a GPU
 * device on the EGL device platform, initialised, with an OpenGL context current without a surface.
 * {@code message} names the device used, or the step that failed.
 */
record EglProbe(boolean usable, String message) {
    private static final int MESSAGE_BYTES = 512;

    static EglProbe run(MujocoLibrary lib) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment msg = a.allocate(MESSAGE_BYTES);
            int rc = (int) lib.eglProbe.invokeExact(msg, MESSAGE_BYTES);
            return new EglProbe(rc == 0, msg.getString(0));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mbrl_gl_probe_egl", t);
        }
    }
}
