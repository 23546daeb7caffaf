package org.mbrl4j.cli;

/** A failure the user can fix: {@link Main} prints its message (no stack trace) and exits with its code. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
