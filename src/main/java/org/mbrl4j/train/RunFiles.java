package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.mbrl4j.io.AtomicFile;

/** File housekeeping of a run directory: clearing it for overwrite=true, and removing stale temp files. */
final class RunFiles {
    private RunFiles() {}

    /** Deletes everything inside {@code root} (not {@code root} itself); symbolic links are deleted, not followed. */
    static void deleteContents(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(p -> !p.equals(root)).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Deletes the temp files {@link AtomicFile} leaves when a process is killed between creating one and
     * renaming it, in the run directory and its checkpoints, figures and videos folders; returns how many.
     */
    static int deleteStaleTemps(RunDirectory dir) throws IOException {
        int n = 0;
        for (Path folder : List.of(dir.root(), dir.checkpoints(), dir.figures(), dir.videos())) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> temps;
            try (Stream<Path> files = Files.list(folder)) {
                temps = files.filter(f -> Files.isRegularFile(f) && AtomicFile.isTemp(f)).toList();
            }
            for (Path t : temps) {
                if (Files.deleteIfExists(t)) {
                    n++;
                }
            }
        }
        return n;
    }
}
