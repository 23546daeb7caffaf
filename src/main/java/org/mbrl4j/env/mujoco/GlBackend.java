package org.mbrl4j.env.mujoco;

/** The OpenGL context MuJoCo's renderer draws in; {@code code} is the shim's (MBRL_GL_* in mbrl4j_mujoco.c). */
enum GlBackend {
    /** Mesa's software rasteriser (Debian's libosmesa6): no GPU or display needed. */
    OSMESA(0, "osmesa"),
    /** EGL on a GPU device, with a surfaceless context (no display needed). */
    EGL(1, "egl");

    final int code;
    /** The value of {@code MBRL_GL} that forces this backend. */
    final String setting;

    GlBackend(int code, String setting) {
        this.code = code;
        this.setting = setting;
    }
}
