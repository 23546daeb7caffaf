package org.mbrl4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Eval curves read from {@code eval.csv} files, grouped by experiment, and their mean ± std across
 * runs (seeds).
 */
public final class EvalCurves {
    private EvalCurves() {}

    /** A run folder as the trainer names it: {@code <work_dir>/<task>/<exp_name>/seed<N>/}. */
    private static final Pattern SEED_FOLDER = Pattern.compile("seed\\d+");

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

    /** One experiment: its runs (seeds), drawn in one colour and summarised by one {@link Band}. */
    public record Group(String name, List<Series> runs) {
        public Group {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a group needs a name, got '" + name + "'");
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("group '" + name + "' has no runs");
            }
            runs = List.copyOf(runs);
        }

        /** {@code NAME (n=runs)}, as in the legend. */
        public String legendLabel() {
            return name + " (n=" + runs.size() + ")";
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

    /**
     * The experiment a CSV belongs to: the name of the folder above its {@code seed<N>} folder
     * ({@code baseline} for {@code runs/pendulum/baseline/seed2/eval.csv}), or {@code null} when the CSV
     * is not in a {@code seed<N>} folder.
     */
    static String experimentOf(Path csv) {
        Path run = csv.toAbsolutePath().normalize().getParent();
        Path exp = run == null ? null : run.getParent();
        if (exp == null || exp.getFileName() == null || !SEED_FOLDER.matcher(run.getFileName().toString()).matches()) {
            return null;
        }
        return exp.getFileName().toString();
    }

    /**
     * Groups CSVs by experiment, in order of first appearance: the CSVs in {@code seed<N>} folders by
     * {@link #experimentOf the folder above}, and every other CSV on its own, named by its parent folder
     * (its file name at the root).
     *
     * @throws IllegalArgumentException when two groups would get the same name, naming both CSVs
     */
    public static Map<String, List<Path>> byExperiment(List<Path> csvs) {
        var groups = new LinkedHashMap<String, List<Path>>();
        var seeded = new LinkedHashMap<String, Boolean>();
        for (Path csv : csvs) {
            String exp = experimentOf(csv);
            String name = exp != null ? exp : ownName(csv);
            List<Path> same = groups.get(name);
            if (same != null && (exp == null || !seeded.get(name))) {
                throw new IllegalArgumentException("'" + same.get(0) + "' and '" + csv + "' would both be plotted as '"
                        + name + "' (only CSVs in <exp_name>/seed<N>/ folders are grouped): name the groups with"
                        + " --group NAME=CSV[,CSV...]");
            }
            groups.computeIfAbsent(name, k -> new ArrayList<>()).add(csv);
            seeded.putIfAbsent(name, exp != null);
        }
        return groups;
    }

    private static String ownName(Path csv) {
        Path parent = csv.toAbsolutePath().normalize().getParent();
        Path name = parent == null ? null : parent.getFileName();
        return name != null ? name.toString() : csv.getFileName().toString();
    }

    /**
     * Reads the CSVs of one experiment.
     *
     * @throws IOException naming a CSV that is missing, malformed, or has no rows under its header
     */
    public static Group readGroup(String name, List<Path> csvs) throws IOException {
        return readGroup(name, csvs, EvalClock.STEP);
    }

    /** As {@link #readGroup(String, List)} on the x axis {@code x} ({@link EvalClock#read}). */
    public static Group readGroup(String name, List<Path> csvs, EvalClock x) throws IOException {
        var runs = new ArrayList<Series>();
        for (Path csv : csvs) {
            Series s = x.read(csv);
            if (s.steps().length == 0) {
                throw new IOException(csv + ": no rows under the header, nothing to plot (has the run reached its"
                        + " first evaluation?)");
            }
            runs.add(s);
        }
        return new Group(name, runs);
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
