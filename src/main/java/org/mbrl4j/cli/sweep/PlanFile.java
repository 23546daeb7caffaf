package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code runs.tsv}: the runs of a launched sweep, one per line (index, task, variant, seed, run directory,
 * config file or '-', then each override in its own column). {@code --status}, {@code --table} and
 * {@code --resume} read the sweep from it, so they see the runs as launched.
 */
final class PlanFile {
    private PlanFile() {}

    static final String HEADER = "index\ttask\tvariant\tseed\trun_dir\tconfig_file\toverrides...";

    static void write(Path file, List<SweepRun> runs) throws IOException {
        var lines = new ArrayList<String>();
        lines.add(HEADER);
        for (SweepRun r : runs) {
            var cols = new ArrayList<String>(List.of(Integer.toString(r.index()), r.task(), r.variant(),
                    Integer.toString(r.seed()), r.runDir().toString(), r.file().map(Path::toString).orElse("-")));
            for (String o : r.overrides()) {
                if (o.contains("\t") || o.contains("\n")) {
                    throw new SweepException("override '" + o + "' holds a tab or newline; runs.tsv cannot record it");
                }
                cols.add(o);
            }
            lines.add(String.join("\t", cols));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    /** The recorded runs, or empty when the sweep was never launched here. */
    static Optional<List<SweepRun>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SweepException("cannot read " + file + ": " + e.getMessage(), e);
        }
        var runs = new ArrayList<SweepRun>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split("\t", -1);
            if (c.length < 6) {
                throw new SweepException(file + " line " + (i + 1) + ": expected at least 6 tab-separated columns ("
                        + HEADER + "), found " + c.length);
            }
            try {
                runs.add(new SweepRun(Integer.parseInt(c[0]), c[1], Integer.parseInt(c[3]), c[2],
                        c[5].equals("-") ? Optional.empty() : Optional.of(Path.of(c[5])),
                        Arrays.asList(c).subList(6, c.length), Path.of(c[4])));
            } catch (NumberFormatException e) {
                throw new SweepException(file + " line " + (i + 1) + ": index or seed is not a number: " + lines.get(i));
            }
        }
        return Optional.of(runs);
    }
}
