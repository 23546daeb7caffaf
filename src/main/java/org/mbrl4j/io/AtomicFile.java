package org.mbrl4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a file atomically: the body writes a temp file in the target's directory (same file
 * system, so the rename is atomic), the data is forced to disk, then the temp file is renamed over
 * the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see the old file or the new one,
 * never a mix. If anything fails, the temp file is deleted and the old target is untouched.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Suffix of the temp files; a crash between create and rename can leave one behind. */
    public static final String TEMP_SUFFIX = ".tmp";
    private static final int CREATE_ATTEMPTS = 16;
    /**
     * For crash tests only (scripts/kill-resume-check.sh): milliseconds to pause with the complete temp
     * file on disk before the rename, and again after it, so that a SIGKILL can be aimed into those
     * windows. 0 (no pause) unless the system property {@code mbrl.test.atomicWritePauseMs} is set.
     */
    private static final long TEST_PAUSE_MS = Long.getLong("mbrl.test.atomicWritePauseMs", 0);
    private static final AtomicLong COUNTER = new AtomicLong();

    /** Writes the content of the file through a channel positioned at 0. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = createTemp(dir, abs.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            testPause();
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (Throwable t) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException cleanup) {
                    t.addSuppressed(cleanup);
                }
            }
            throw t;
        }
        syncDirectory(dir);
        testPause();
    }

    /** Whether {@code file} is a temp file of this class (left behind by a process killed while writing). */
    public static boolean isTemp(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    private static void testPause() {
        if (TEST_PAUSE_MS > 0) {
            try {
                Thread.sleep(TEST_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A new empty file named {@code .<name>.<pid>-<n>.tmp}, created exclusively (CREATE_NEW). */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
                    + TEMP_SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt + 1 >= CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Forces the directory entry of the rename to disk (POSIX needs an fsync of the directory for a
     * rename to survive a power loss). Some platforms cannot open a directory as a channel; there the
     * rename is already as durable as the platform offers, so that failure is not an error.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException notSupportedHere) {
            // the data itself was forced before the rename; see the method doc
        }
    }
}
