package org.mbrl4j.train;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.mbrl4j.io.AtomicFile;

/**
 * Cuts a log back to a checkpoint when a run resumes: the rows written after the checkpoint (between
 * it and a crash) would otherwise appear twice. Rows are in step order, so the kept part is the
 * header lines plus the longest prefix of rows that satisfy the predicate; a last row without its
 * line end (a write cut short) is dropped. The file is replaced atomically; nothing is changed when
 * every row is kept.
 */
final class LogTruncation {
    private LogTruncation() {}

    /** Returns how many rows were dropped. */
    static int keepWhile(Path path, int headerLines, Predicate<String> keep) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        String text = Files.readString(path, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        int complete = text.isEmpty() || text.endsWith("\n") ? lines.size() : lines.size() - 1;
        int n = Math.min(headerLines, complete);
        while (n < complete && keep.test(lines.get(n))) {
            n++;
        }
        int dropped = lines.size() - n;
        if (dropped > 0) {
            List<String> kept = new ArrayList<>(lines.subList(0, n));
            AtomicFile.write(path, ch -> {
                var w = Channels.newWriter(ch, StandardCharsets.UTF_8);
                for (String line : kept) {
                    w.write(line);
                    w.write('\n');
                }
                w.flush();
            });
        }
        return dropped;
    }

    /** The first CSV cell of {@code line} as a number (NaN when it is not one). */
    static double firstCell(String line) {
        int comma = line.indexOf(',');
        try {
            return Double.parseDouble(comma < 0 ? line : line.substring(0, comma));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
