package org.mbrl4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The x axis of an eval curve: env steps as logged, or a clock of the run (wall or CPU seconds) read
 * from the {@code train.csv} beside the {@code eval.csv}. The clock at an evaluation is interpolated
 * linearly in env steps between the train.csv rows around it, from (0, 0) at the start; past the last
 * row it is the last row's value. train.csv rows are written every log_every steps, so the clock is
 * exact at those steps and the error elsewhere is at most the time between two rows.
 */
public enum EvalClock {
    /** Env steps, the eval.csv {@code step} column. */
    STEP("step", "env steps"),
    /** Wall-clock seconds of the run, resumed parts included (train.csv {@code elapsed_s}). */
    ELAPSED_S("elapsed_s", "wall-clock seconds (train.csv elapsed_s)"),
    /** Process CPU seconds of the run, every thread, resumed parts included (train.csv {@code cpu_s}). */
    CPU_S("cpu_s", "process CPU seconds (train.csv cpu_s)");

    private final String column;
    private final String axisLabel;

    EvalClock(String column, String axisLabel) {
        this.column = column;
        this.axisLabel = axisLabel;
    }

    public String column() {
        return column;
    }

    public String axisLabel() {
        return axisLabel;
    }

    /** step, elapsed_s or cpu_s. */
    public static EvalClock parse(String name) {
        for (EvalClock c : values()) {
            if (c.column.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("x axis '" + name + "': allowed step, elapsed_s, cpu_s");
    }

    /** The eval curve in {@code evalCsv} on this axis ({@link EvalCurves#read} for {@link #STEP}). */
    public EvalCurves.Series read(Path evalCsv) throws IOException {
        EvalCurves.Series steps = EvalCurves.read(evalCsv);
        if (this == STEP) {
            return steps;
        }
        Path trainCsv = evalCsv.toAbsolutePath().resolveSibling("train.csv");
        double[][] rows = clockRows(trainCsv);
        long[] x = new long[steps.steps().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(at(rows[0], rows[1], steps.steps()[i]));
        }
        return new EvalCurves.Series(steps.label(), x, steps.values());
    }

    /** The clock at env step s: linear between rows, 0 at step 0, the last row's value past it. */
    static double at(double[] envSteps, double[] clock, long s) {
        double prevStep = 0;
        double prevClock = 0;
        for (int i = 0; i < envSteps.length; i++) {
            if (s <= envSteps[i]) {
                double span = envSteps[i] - prevStep;
                return span <= 0 ? clock[i] : prevClock + (clock[i] - prevClock) * (s - prevStep) / span;
            }
            prevStep = envSteps[i];
            prevClock = clock[i];
        }
        return prevClock;
    }

    /** {env_step column, clock column} of train.csv, rows in file order. */
    private double[][] clockRows(Path trainCsv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(trainCsv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(trainCsv + ": file not found (the x axis " + column + " is read from the train.csv"
                    + " beside each eval.csv)");
        }
        List<String> header = lines.isEmpty() ? List.of() : Arrays.asList(lines.get(0).strip().split(",", -1));
        int stepCol = header.indexOf("env_step");
        int clockCol = header.indexOf(column);
        if (stepCol < 0 || clockCol < 0) {
            throw new IOException(trainCsv + ": header lacks the columns 'env_step' and '" + column + "'"
                    + (column.equals("cpu_s") ? " (runs before cpu_s was logged have only elapsed_s)" : ""));
        }
        var steps = new double[lines.size() - 1];
        var clock = new double[lines.size() - 1];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            try {
                steps[n] = Double.parseDouble(cells[stepCol]);
                clock[n] = Double.parseDouble(cells[clockCol]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IOException(trainCsv + " line " + (i + 1) + ": no numeric env_step and " + column);
            }
            if (!Double.isNaN(clock[n])) {
                n++;
            }
        }
        if (n == 0) {
            throw new IOException(trainCsv + ": no row with a value of " + column + " under its header");
        }
        return new double[][] {Arrays.copyOf(steps, n), Arrays.copyOf(clock, n)};
    }
}
