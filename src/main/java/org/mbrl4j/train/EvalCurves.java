package org.mbrl4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Eval curves read from {@code eval.csv} files and their mean ± std across runs (seeds).
 */
public final class EvalCurves {
    private EvalCurves() {}

    /** One run's curve: returns at increasing steps. */
    public record Series(String label, long[] steps, double[] values) {
        public Series {
            if (steps.length != values.length) {
                throw new IllegalArgumentException("Series " + label + ": " + steps.length + " steps but "
                        + values.length + " values");
            }
            steps = steps.clone();
            values = values.clone();
        }
    }

    /** The mean of the runs that have a point at each step, with the population std and the count. */
    public record Band(long[] steps, double[] mean, double[] std, int[] count) {}

    /**
     * Reads the {@code step} and {@code episode_reward} columns (by name, other columns ignored) of a
     * CSV file such as {@code eval.csv}; the label is the file's parent folder and name.
     *
     * @throws IOException naming the file and, for bad content, the line
     */
    public static Series read(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(csv + ": file not found");
        }
        if (lines.isEmpty()) {
            throw new IOException(csv + ": empty file, expected a header 'step,episode_reward'");
        }
        List<String> header = Arrays.asList(lines.get(0).strip().split(",", -1));
        int stepCol = header.indexOf("step");
        int valueCol = header.indexOf("episode_reward");
        if (stepCol < 0 || valueCol < 0) {
            throw new IOException(csv + ": header '" + lines.get(0) + "' lacks the columns 'step' and 'episode_reward'");
        }
        TreeMap<Long, Double> points = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(stepCol, valueCol)) {
                throw new IOException(csv + " line " + (i + 1) + ": '" + line + "' has " + cells.length
                        + " cells, the header " + header.size());
            }
            try {
                points.put((long) Double.parseDouble(cells[stepCol]), Double.parseDouble(cells[valueCol]));
            } catch (NumberFormatException e) {
                throw new IOException(csv + " line " + (i + 1) + ": '" + line + "' is not numeric");
            }
        }
        Path parent = csv.toAbsolutePath().getParent();
        String label = (parent == null ? "" : parent.getFileName() + "/") + csv.getFileName();
        return new Series(label, points.keySet().stream().mapToLong(Long::longValue).toArray(),
                points.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Mean ± std over the runs at every step present in any of them (NaN values are skipped). */
    public static Band band(List<Series> runs) {
        TreeMap<Long, List<Double>> at = new TreeMap<>();
        for (Series s : runs) {
            for (int i = 0; i < s.steps().length; i++) {
                double v = s.values()[i];
                if (!Double.isNaN(v)) {
                    at.computeIfAbsent(s.steps()[i], k -> new ArrayList<>()).add(v);
                }
            }
        }
        int n = at.size();
        long[] steps = new long[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        int[] count = new int[n];
        int i = 0;
        for (var e : at.entrySet()) {
            List<Double> v = e.getValue();
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            steps[i] = e.getKey();
            mean[i] = m;
            std[i] = Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / v.size());
            count[i] = v.size();
            i++;
        }
        return new Band(steps, mean, std, count);
    }
}
