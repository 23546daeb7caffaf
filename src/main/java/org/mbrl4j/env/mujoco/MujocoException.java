package org.mbrl4j.env.mujoco;

/**
 * A MuJoCo failure reported by the shim: a model that does not compile, a fatal MuJoCo error
 * ({@code mju_error}, caught by the shim's handler instead of exiting the JVM), a physics state that
 * became invalid, or a bad argument to the shim. The model's data is not usable after a MuJoCo error
 * until the next reset.
 */
public final class MujocoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as the shim's return code says. */
    public enum Kind {
        /** mju_error was called; the message is MuJoCo's. */
        MUJOCO_ERROR(1),
        /** A bad argument: an unknown name or component, a non-finite control. */
        BAD_ARGUMENT(2),
        /** The physics state became invalid (MuJoCo's bad qpos/qvel/qacc/ctrl warning). */
        UNSTABLE(3),
        /** The MJCF did not compile; the message is mj_loadXML's. */
        LOAD_FAILED(4);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalStateException("the MuJoCo shim returned an unknown code " + code
                    + " (expected 1..4); rebuild it with ./native-build.sh");
        }
    }

    private final Kind kind;

    public MujocoException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
