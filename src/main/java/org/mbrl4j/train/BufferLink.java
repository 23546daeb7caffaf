package org.mbrl4j.train;

import java.nio.file.Path;

/**
 * The replay-buffer file a checkpoint belongs with, as the checkpoint records it.
 *
 * @param fileName   the buffer file's name, in the checkpoint's folder ({@code latest.buffer.g7.safetensors})
 * @param generation the save that wrote both: 1, 2, ... per run (over resumes), also in the buffer file
 * @param checksum   the buffer file's content fingerprint ({@link org.mbrl4j.io.SafeTensorsFile#checksum()})
 */
public record BufferLink(String fileName, long generation, long checksum) {
    public BufferLink {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("BufferLink: fileName must be a plain file name, got '" + fileName
                    + "'");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("BufferLink: generation must be >= 1, got " + generation);
        }
    }

    /** The buffer file beside {@code checkpoint}. */
    public Path resolveBeside(Path checkpoint) {
        return checkpoint.resolveSibling(fileName);
    }
}
