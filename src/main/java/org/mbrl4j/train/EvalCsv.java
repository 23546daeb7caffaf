package org.mbrl4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code eval.csv}: one row {@code step,episode_reward} per evaluation, where {@code step} counts
 * <b>env steps</b> (agent steps × action_repeat) and {@code episode_reward} is the mean return over
 * the evaluation's episodes. This is the convention of the reference's published {@code results/}
 * CSVs (docs/tdmpc2.md#conventions, docs/tdmpc2.md#results-csvs), so curves from both can share an axis: with action_repeat 2,
 * agent step 50,000 is written as step 100,000.
 */
final class EvalCsv implements Closeable {
    static final List<String> HEADER = List.of("step", "episode_reward");

    private final CsvLog csv;

    private EvalCsv(CsvLog csv) {
        this.csv = csv;
    }

    static EvalCsv open(Path path) throws IOException {
        return new EvalCsv(CsvLog.open(path, HEADER));
    }

    void row(long envStep, double meanReturn) throws IOException {
        csv.row(List.of(Long.toString(envStep), CsvLog.format(meanReturn)));
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
