package org.mbrl4j.train;

/** A problem with a run the user can fix (an occupied run directory, an unusable checkpoint). */
public class TrainException extends RuntimeException {
    public TrainException(String message) {
        super(message);
    }
}
