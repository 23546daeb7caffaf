package org.mbrl4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train.csv}: one row every {@code log_every} agent steps once updates have started.
 * Columns: {@code step} (agent steps), {@code env_step} (× action_repeat), {@code updates} (total so
 * far), then every metric the agent's update returns, as the <b>mean over the updates since the
 * previous row</b> (the pretraining burst included), then {@code episode_reward} (return of the last
 * finished training episode), {@code steps_per_second} (agent steps per second since the previous
 * row), {@code elapsed_s} (wall time of the run, resumed parts included) and {@code cpu_s} (process CPU
 * time of the run, resumed parts included; NaN after resuming a checkpoint written before the column
 * existed, whose CPU time is unknown; {@link RunClock}).
 *
 * <p>The metric columns are fixed by the first row (the update's keys depend only on the
 * architecture); a later key that is not a column is an error, a missing one an empty cell.
 */
final class TrainCsv implements Closeable {
    private static final List<String> LEADING = List.of("step", "env_step", "updates");
    private static final List<String> TRAILING = List.of("episode_reward", "steps_per_second", "elapsed_s", "cpu_s");

    private final Path path;
    private final Map<String, double[]> sums = new LinkedHashMap<>(); // key → {sum, count}
    private CsvLog csv;

    TrainCsv(Path path) {
        this.path = path;
    }

    /** Adds one update's metrics to the means of the next row. */
    void accumulate(Map<String, Double> metrics) {
        metrics.forEach((k, v) -> {
            double[] s = sums.computeIfAbsent(k, x -> new double[2]);
            s[0] += v;
            s[1]++;
        });
    }

    /** Whether updates have been accumulated since the last row. */
    boolean hasPending() {
        return sums.values().stream().anyMatch(s -> s[1] > 0);
    }

    /** Writes a row of the means accumulated since the previous row, and resets them. */
    void row(long step, long envStep, long updates, double episodeReward, double stepsPerSecond, double elapsedS,
            double cpuS) throws IOException {
        if (csv == null) {
            List<String> header = new ArrayList<>(LEADING);
            header.addAll(sums.keySet());
            header.addAll(TRAILING);
            csv = CsvLog.open(path, header);
        }
        List<String> cols = csv.header();
        for (String k : sums.keySet()) {
            if (!cols.contains(k)) {
                throw new IllegalStateException(path + ": the update returned metric '" + k
                        + "', which is not a column of " + cols);
            }
        }
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(step));
        cells.add(Long.toString(envStep));
        cells.add(Long.toString(updates));
        for (String k : cols.subList(LEADING.size(), cols.size() - TRAILING.size())) {
            double[] s = sums.get(k);
            cells.add(s == null || s[1] == 0 ? "" : CsvLog.format(s[0] / s[1]));
        }
        cells.add(CsvLog.format(episodeReward));
        cells.add(CsvLog.format(stepsPerSecond));
        cells.add(CsvLog.format(elapsedS));
        cells.add(CsvLog.format(cpuS));
        csv.row(cells);
        sums.clear();
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
    }
}
