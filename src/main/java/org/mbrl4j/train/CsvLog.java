package org.mbrl4j.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An append-only CSV file with a fixed header; every row is flushed to the OS as soon as it is
 * written, so a crash loses at most the row being written. Numbers are written with
 * {@link #format(double)}: the shortest string that reads back to the same double, {@code NaN} for
 * NaN, and an empty cell for a missing value.
 */
final class CsvLog implements Closeable {
    private final Path path;
    private final List<String> header;
    private final BufferedWriter out;

    private CsvLog(Path path, List<String> header, BufferedWriter out) {
        this.path = path;
        this.header = List.copyOf(header);
        this.out = out;
    }

    /**
     * Opens {@code path} for appending. A new or empty file gets the header; an existing file must
     * start with the same header (a resumed run appends to its own logs).
     */
    static CsvLog open(Path path, List<String> header) throws IOException {
        String line = String.join(",", header);
        List<String> existing = Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
        if (!existing.isEmpty() && !existing.get(0).equals(line)) {
            throw new IOException(path + ": the existing header '" + existing.get(0) + "' differs from this run's '"
                    + line + "'; move the file away or write the run elsewhere (exp_name=...)");
        }
        BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (existing.isEmpty()) {
            out.write(line);
            out.write('\n');
            out.flush();
        }
        return new CsvLog(path, header, out);
    }

    /** The header of an existing CSV file, or an empty list when there is none. */
    static List<String> headerOf(Path path) throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(l -> List.of(l.split(",", -1))).orElse(List.of());
        }
    }

    List<String> header() {
        return header;
    }

    Path path() {
        return path;
    }

    /** Writes one row of already formatted cells, one per header column, and flushes it. */
    void row(List<String> cells) throws IOException {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(path + ": row has " + cells.size() + " cells, the header has "
                    + header.size() + " columns " + header);
        }
        out.write(String.join(",", cells));
        out.write('\n');
        out.flush();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
