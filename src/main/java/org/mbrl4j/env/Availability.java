package org.mbrl4j.env;

/**
 * Whether an {@link EnvProvider} can make its envs on this machine. An optional provider (MuJoCo
 * through FFM, say) is {@link Unavailable} when what it needs is missing, with a reason that says
 * what it searched for and where, so that the user can install it.
 */
public sealed interface Availability permits Availability.Available, Availability.Unavailable {

    /** The provider can make its envs. */
    Availability AVAILABLE = new Available();

    static Availability unavailable(String reason) {
        return new Unavailable(reason);
    }

    record Available() implements Availability {}

    /**
     * @param reason what was searched for and not found, e.g. "libmujoco.so.2.2.2 not found in
     *     /usr/lib/x86_64-linux-gnu, $LD_LIBRARY_PATH (unset): apt install libmujoco2.2.2"
     */
    record Unavailable(String reason) implements Availability {
        public Unavailable {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("Availability.Unavailable: reason must say what is missing, got '"
                        + reason + "'");
            }
        }
    }
}
