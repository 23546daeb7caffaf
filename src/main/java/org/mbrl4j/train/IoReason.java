package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * An I/O failure as one line with the path and the operating system's reason. Java's file exceptions
 * often carry the path alone ({@code NoSuchFileException: /proc/runs}); the reason is then their type.
 */
public final class IoReason {
    private IoReason() {}

    /** {@code "/proc/runs: no such file or directory"}, {@code "/etc/hostname/x: Not a directory"}. */
    public static String of(IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason() : reasonOf(f);
            String path = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> "
                    + f.getOtherFile()) + ": ";
            return path + reason;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String reasonOf(FileSystemException f) {
        return switch (f) {
            case NoSuchFileException x -> "no such file or directory (or the file system refuses to create it)";
            case AccessDeniedException x -> "permission denied";
            case FileAlreadyExistsException x -> "already exists";
            case NotDirectoryException x -> "not a directory";
            case DirectoryNotEmptyException x -> "directory not empty";
            default -> f.getClass().getSimpleName();
        };
    }
}
