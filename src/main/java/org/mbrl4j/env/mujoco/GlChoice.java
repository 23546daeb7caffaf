package org.mbrl4j.env.mujoco;

import java.util.function.Supplier;

/**
 * The OpenGL backend of this process's renderers and why. Automatic (no setting): EGL when it can
 * render on a GPU, else OSMesa. {@code MBRL_GL=osmesa|egl} (or the system property {@code mbrl.gl})
 * forces one; a forced EGL that cannot render is an error, never a silent fallback.
 *
 * @param forced whether the setting chose it
 * @param detail the EGL device used, or why EGL was not used (empty when OSMesa was forced)
 */
record GlChoice(GlBackend backend, boolean forced, String detail) {
    static final String PROPERTY = "mbrl.gl";
    static final String ENVIRONMENT = "MBRL_GL";

    /** The setting: the system property {@value #PROPERTY}, else the environment variable {@value #ENVIRONMENT}; null when neither is set. */
    static String setting() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * The backend for {@code setting} (null: automatic); {@code probe} is asked only when EGL is a candidate.
     *
     * @throws IllegalArgumentException when the setting is neither osmesa nor egl
     * @throws IllegalStateException when EGL is forced and cannot render here (with the probe's reason)
     */
    static GlChoice select(String setting, Supplier<EglProbe> probe) {
        if (setting == null) {
            EglProbe egl = probe.get();
            return egl.usable() ? new GlChoice(GlBackend.EGL, false, egl.message())
                    : new GlChoice(GlBackend.OSMESA, false, egl.message());
        }
        if (setting.equalsIgnoreCase(GlBackend.OSMESA.setting)) {
            return new GlChoice(GlBackend.OSMESA, true, "");
        }
        if (setting.equalsIgnoreCase(GlBackend.EGL.setting)) {
            EglProbe egl = probe.get();
            if (!egl.usable()) {
                throw new IllegalStateException(ENVIRONMENT + "=" + setting + " forces EGL, but EGL cannot render here: "
                        + egl.message() + ". Unset " + ENVIRONMENT + " (automatic: EGL on a GPU, else OSMesa) or set "
                        + ENVIRONMENT + "=osmesa");
            }
            return new GlChoice(GlBackend.EGL, true, egl.message());
        }
        throw new IllegalArgumentException(ENVIRONMENT + " (or -D" + PROPERTY + ") = '" + setting
                + "' is not a rendering backend; use osmesa or egl, or leave it unset for automatic");
    }

    /** The one log line of the process's first renderer; {@code osmesaLibrary} names the library OSMesa came from. */
    String logLine(String osmesaLibrary) {
        String how = forced ? ", forced by " + ENVIRONMENT + "=" + backend.setting : "";
        return switch (backend) {
            case EGL -> "mujoco render: EGL context (" + detail + "; GPU rendering" + how + ")";
            case OSMESA -> "mujoco render: OSMesa context (" + osmesaLibrary + ", software rendering on the CPU" + how + ")"
                    + (forced ? "" : "; EGL not used: " + detail);
        };
    }
}
