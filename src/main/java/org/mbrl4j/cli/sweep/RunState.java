package org.mbrl4j.cli.sweep;

/**
 * Where one run of a sweep stands.
 *
 * @param kind   done, running, pending, failed or not started
 * @param detail what says so: the exit status, the Slurm job and state, the pid
 */
public record RunState(Kind kind, String detail) {
    public enum Kind {
        DONE, RUNNING, PENDING, FAILED, NOT_STARTED;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** Runs that {@code --resume} starts again: neither finished nor queued or running. */
    boolean needsLaunch() {
        return kind == Kind.FAILED || kind == Kind.NOT_STARTED;
    }
}
