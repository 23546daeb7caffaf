package org.mbrl4j.cli.sweep;

/** A sweep that cannot run as asked: a bad sweep file, a refused Slurm option, a sweep directory in use. */
public final class SweepException extends RuntimeException {
    public SweepException(String message) {
        super(message);
    }

    public SweepException(String message, Throwable cause) {
        super(message, cause);
    }
}
