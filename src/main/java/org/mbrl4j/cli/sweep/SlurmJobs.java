package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code slurm/jobs.tsv}: one line per submission of a sweep (the first, then each {@code --resume}): the
 * array job id, the table job id and the run index of each array task in order.
 */
final class SlurmJobs {
    private SlurmJobs() {}

    /** One submission. */
    record Submission(String arrayJob, String tableJob, List<Integer> runs) {
        Submission {
            runs = List.copyOf(runs);
        }

        /** {@code <job>_<task>} of a run in this submission, if it has one. */
        java.util.Optional<String> taskOf(int run) {
            int i = runs.indexOf(run);
            return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(arrayJob + "_" + i);
        }
    }

    static void append(Path file, Submission s) throws IOException {
        Files.createDirectories(file.getParent());
        String line = s.arrayJob() + "\t" + s.tableJob() + "\t" + String.join(",",
                s.runs().stream().map(String::valueOf).toList()) + "\n";
        Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The submissions, oldest first; empty for a sweep never submitted to Slurm. */
    static List<Submission> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SweepException("cannot read " + file + ": " + e.getMessage(), e);
        }
        var out = new ArrayList<Submission>();
        for (String line : lines) {
            String[] c = line.split("\t");
            if (c.length == 3) {
                out.add(new Submission(c[0], c[1], Arrays.stream(c[2].split(",")).map(Integer::parseInt).toList()));
            }
        }
        return out;
    }
}
