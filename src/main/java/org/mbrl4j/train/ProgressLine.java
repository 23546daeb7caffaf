package org.mbrl4j.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The console progress display:
 * <pre>
 *   step 1200/20000 (6.0%) | env step 1200 | eval -150.3 | 35.2 steps/s | ETA 8m 54s
 * </pre>
 * On a terminal the line is redrawn in place ({@code \r}) at most once per {@code interval}; on a
 * pipe or file each update is a new line, at most once per {@code interval} (choose a longer one
 * there). The rate and ETA count the agent steps of this process only (a resumed run starts afresh).
 * {@link #message} prints a whole line (an evaluation, a checkpoint) without garbling the display.
 */
final class ProgressLine {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final PrintWriter out;
    private final boolean inPlace;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long totalSteps;
    private final long startNanos;
    private final long startStep;
    private long lastPrint = Long.MIN_VALUE;
    private int shownWidth;

    ProgressLine(PrintWriter out, boolean inPlace, double intervalSeconds, LongSupplier clock, long startStep,
            long totalSteps) {
        this.out = out;
        this.inPlace = inPlace;
        this.intervalNanos = (long) (intervalSeconds * NANOS_PER_SECOND);
        this.clock = clock;
        this.totalSteps = totalSteps;
        this.startNanos = clock.getAsLong();
        this.startStep = startStep;
    }

    /** Agent steps per second in this process so far (0 before any time has passed). */
    double rate(long step) {
        double seconds = (clock.getAsLong() - startNanos) / (double) NANOS_PER_SECOND;
        return seconds > 0 ? (step - startStep) / seconds : 0;
    }

    /** Shows the line when {@code interval} has passed since the last one; {@code note} may be empty. */
    void update(long step, long envStep, double lastEval, String note) {
        long now = clock.getAsLong();
        if (lastPrint != Long.MIN_VALUE && now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        String line = format(step, totalSteps, envStep, lastEval, rate(step)) + (note.isEmpty() ? "" : " | " + note);
        if (inPlace) {
            out.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
            shownWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a line of its own. */
    void message(String line) {
        clear();
        out.println(line);
        out.flush();
    }

    /** Removes an in-place line (at the end of a run). */
    void clear() {
        if (inPlace && shownWidth > 0) {
            out.print("\r" + " ".repeat(shownWidth) + "\r");
            shownWidth = 0;
            lastPrint = Long.MIN_VALUE;
        }
    }

    static String format(long step, long total, long envStep, double lastEval, double rate) {
        String eval = Double.isNaN(lastEval) ? "n/a" : String.format(Locale.ROOT, "%.1f", lastEval);
        String eta = rate > 0 ? duration((total - step) / rate) : "n/a";
        return String.format(Locale.ROOT, "step %d/%d (%.1f%%) | env step %d | eval %s | %.1f steps/s | ETA %s",
                step, total, 100.0 * step / total, envStep, eval, rate, eta);
    }

    /** 45s, 8m 54s, 3h 07m, 2d 04h. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86400, (s % 86400) / 3600);
    }
}
