package org.mbrl4j.env.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Off-screen RGB frames of a {@link MujocoModel}'s current state through MuJoCo's own renderer, in an
 * EGL context on a GPU when one can render, else in an OSMesa context (Mesa's software rasteriser: no
 * GPU or display needed; Debian's {@code libosmesa6}); both opened by the shim on first use. The
 * backend is chosen once per process ({@link GlChoice}: MuJoCo binds its GL functions once) and the
 * first renderer prints one line on stderr saying which and why. Frames are u8 (3, H, W), channels
 * first, rows top to bottom. Not thread-safe; {@link #close} frees the context.
 */
public final class MujocoRenderer implements AutoCloseable {
    private static final int ERROR_BYTES = 1024;
    private static GlChoice choice;
    private static String contextLine;

    private final MujocoModel model;
    private final MujocoLibrary lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment renderer;
    private final MemorySegment rgb;
    private final MemorySegment error;
    private final int width;
    private final int height;
    private boolean closed;

    private MujocoRenderer(MujocoModel model, int width, int height) {
        this.model = model;
        this.lib = model.library();
        this.width = width;
        this.height = height;
        this.error = arena.allocate(ERROR_BYTES);
        this.rgb = arena.allocate((long) width * height * 3);
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        GlChoice gl;
        try {
            gl = processChoice(lib);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        int rc;
        try {
            rc = (int) lib.rendererCreate.invokeExact(model.handle(), gl.backend().code, width, height, out, error,
                    ERROR_BYTES);
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException("mbrl_mjr_create", t);
        }
        if (rc != 0) {
            String message = error.getString(0);
            arena.close();
            throw new MujocoException(MujocoException.Kind.of(rc), "MuJoCo renderer " + width + "x" + height + ": " + message);
        }
        this.renderer = out.get(ValueLayout.ADDRESS, 0);
        announce(lib, gl);
    }

    /**
     * A renderer of {@code model} for frames of {@code width} × {@code height}.
     *
     * @throws MujocoException when libOSMesa is missing (saying how to install it) or no context can be made
     * @throws IllegalStateException when {@code MBRL_GL=egl} forces EGL and it cannot render here
     * @throws IllegalArgumentException when {@code MBRL_GL} is neither osmesa nor egl
     */
    public static MujocoRenderer open(MujocoModel model, int width, int height) {
        return new MujocoRenderer(model, width, height);
    }

    /** The id of the model's camera {@code name}, or −1 when it has none of that name. */
    public int cameraId(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) lib.camera.invokeExact(model.handle(), a.allocateFrom(name));
        } catch (Throwable t) {
            throw new IllegalStateException("mbrl_mj_camera", t);
        }
    }

    /** The frame of the model's current state (after a forward or step) from camera {@code camera} (−1: the free camera). */
    public byte[] render(int camera) {
        if (closed) {
            throw new IllegalStateException("MujocoRenderer: used after close()");
        }
        int rc;
        try {
            rc = (int) lib.rendererRender.invokeExact(renderer, model.handle(), camera, rgb, error, ERROR_BYTES);
        } catch (Throwable t) {
            throw new IllegalStateException("mbrl_mjr_render", t);
        }
        if (rc != 0) {
            MujocoException.Kind kind = MujocoException.Kind.of(rc);
            throw new MujocoException(kind, "render failed (" + kind + "): " + error.getString(0));
        }
        byte[] chw = new byte[width * height * 3];
        int plane = width * height;
        for (int p = 0; p < plane; p++) {
            chw[p] = rgb.get(ValueLayout.JAVA_BYTE, 3L * p);
            chw[plane + p] = rgb.get(ValueLayout.JAVA_BYTE, 3L * p + 1);
            chw[2 * plane + p] = rgb.get(ValueLayout.JAVA_BYTE, 3L * p + 2);
        }
        return chw;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lib.rendererFree.invokeExact(renderer);
        } catch (Throwable t) {
            throw new IllegalStateException("mbrl_mjr_free", t);
        } finally {
            arena.close();
        }
    }

    /** The backend of this process's renderers, chosen on first use from {@link GlChoice#setting()}. */
    private static synchronized GlChoice processChoice(MujocoLibrary lib) {
        if (choice == null) {
            choice = GlChoice.select(GlChoice.setting(), () -> EglProbe.run(lib));
        }
        return choice;
    }

    /** The line the first renderer of this process printed, or null before one was opened. */
    static synchronized String contextLine() {
        return contextLine;
    }

    private static synchronized void announce(MujocoLibrary lib, GlChoice gl) {
        if (contextLine != null) {
            return;
        }
        String osmesa;
        try {
            osmesa = ((MemorySegment) lib.rendererLibrary.invokeExact()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            osmesa = "libOSMesa";
        }
        contextLine = gl.logLine(osmesa);
        System.err.println(contextLine);
    }
}
