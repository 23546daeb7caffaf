package org.mbrl4j.train;

import java.nio.file.Path;

/** A checkpoint that cannot be used; the message names the file and what is wrong with it. */
public final class CheckpointException extends TrainException {
    public CheckpointException(Path file, String problem) {
        super("checkpoint " + file + ": " + problem);
    }

    /** For problems whose message already names the file (the safetensors reader's). */
    public CheckpointException(String message) {
        super(message);
    }
}
