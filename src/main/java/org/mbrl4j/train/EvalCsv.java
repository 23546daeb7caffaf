package org.mbrl4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code eval.csv}: one row {@code step,episode_reward,episode_reward_std} per evaluation, where
 * {@code step} counts <b>env steps</b> (agent steps × action_repeat), {@code episode_reward} is the
 * mean return over the evaluation's episodes and {@code episode_reward_std} their population standard
 * deviation ({@link EvalResult#std()}). The first two columns are the convention of the reference's
 * published {@code results/} CSVs (docs/tdmpc2.md#conventions, docs/tdmpc2.md#results-csvs), so curves
 * from both can share an axis: with action_repeat 2, agent step 50,000 is written as step 100,000.
 * Readers take the columns by name ({@link EvalCurves#read}).
 *
 * <p>A run that resumes appends under the header its file already has: an {@code eval.csv} written
 * before the std column ({@link #LEGACY_HEADER}) keeps its two columns.
 */
final class EvalCsv implements Closeable {
    static final List<String> HEADER = List.of("step", "episode_reward", "episode_reward_std");
    /** The header of the files written before the std column. */
    static final List<String> LEGACY_HEADER = List.of("step", "episode_reward");

    private final CsvLog csv;

    private EvalCsv(CsvLog csv) {
        this.csv = csv;
    }

    static EvalCsv open(Path path) throws IOException {
        boolean legacy = CsvLog.headerOf(path).equals(LEGACY_HEADER);
        return new EvalCsv(CsvLog.open(path, legacy ? LEGACY_HEADER : HEADER));
    }

    void row(long envStep, double meanReturn, double std) throws IOException {
        List<String> cells = List.of(Long.toString(envStep), CsvLog.format(meanReturn), CsvLog.format(std));
        csv.row(cells.subList(0, csv.header().size()));
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
