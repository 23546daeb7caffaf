package org.mbrl4j.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The console progress display:
 * <pre>
 *   step 1200/20000 (6.0%) | env step 1200 | eval -150.3 | 35.2 steps/s | ETA 8m 54s
 *   step 2000/20000 (10.0%) | env step 2000 | evaluating 3/10 episodes, 41.0 steps/s | ETA 9m 10s
 * </pre>
 * On a terminal the line is redrawn in place ({@code \r}) at most once per {@code interval}; on a
 * pipe or file each update is a new line, at most once per {@code interval} (choose a longer one
 * there). {@link #message} prints a whole line (an evaluation, a checkpoint) without garbling the display.
 *
 * <p>Rates count this process only (a resumed run starts afresh). The training rate is agent steps
 * per second of the time spent outside evaluations; an evaluation shows its own rate (acts per
 * second). The ETA adds the evaluations still to come to the training steps left:
 * <pre>
 *   ETA = (total - step) / training rate + max(0, left * actsEach - actsOfTheRunningEvaluation) * secondsPerEvalAct
 * </pre>
 * where {@code left} counts the evaluations not yet finished (the running one included) and
 * {@code secondsPerEvalAct} is measured over every evaluation act so far; before the first one it is
 * estimated as one training step (an act plus an update costs more than an act alone).
 */
final class ProgressLine {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * The evaluations of a run, for the ETA.
     *
     * @param left     how many evaluations are still to finish, the running one included
     * @param actsEach the acts of one evaluation (episodes × episode length in agent steps)
     */
    record Evaluations(IntSupplier left, long actsEach) {
        /** A run without evaluations. */
        static final Evaluations NONE = new Evaluations(() -> 0, 0);
    }

    private final PrintWriter out;
    private final boolean inPlace;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long totalSteps;
    /** Where the training rate is measured from: the start, or the last {@link #restartRate}. */
    private long startNanos;
    private long startStep;
    /** Evaluation time before {@link #startNanos} (kept out of the rate). */
    private long evalNanosBefore;
    private final Evaluations evaluations;
    private long lastPrint = Long.MIN_VALUE;
    private int shownWidth;
    /** Time and acts of the finished evaluations. */
    private long evalNanos;
    private long evalActs;
    /** The running evaluation: its start (or -1 when none runs), acts and episode count. */
    private long runningSince = -1;
    private long runningActs;
    private int runningEpisodes;

    ProgressLine(PrintWriter out, boolean inPlace, double intervalSeconds, LongSupplier clock, long startStep,
            long totalSteps, Evaluations evaluations) {
        this.out = out;
        this.inPlace = inPlace;
        this.intervalNanos = (long) (intervalSeconds * NANOS_PER_SECOND);
        this.clock = clock;
        this.totalSteps = totalSteps;
        this.startNanos = clock.getAsLong();
        this.startStep = startStep;
        this.evaluations = evaluations;
    }

    /**
     * Agent steps per second of training since the start of this process or the last
     * {@link #restartRate}, evaluations excluded (0 before any).
     */
    double rate(long step) {
        double seconds = (clock.getAsLong() - startNanos - (evaluationNanos() - evalNanosBefore))
                / (double) NANOS_PER_SECOND;
        return seconds > 0 ? (step - startStep) / seconds : 0;
    }

    /**
     * Measures the training rate from now on (the trainer calls it when the cost of a step changes for
     * good: after the seed steps and any pretraining burst, a step acts with the planner and updates,
     * many times slower than a random action, so a rate that averaged in the seed steps would promise
     * an ETA far too early).
     */
    void restartRate(long step) {
        startNanos = clock.getAsLong();
        startStep = step;
        evalNanosBefore = evaluationNanos();
    }

    /** Seconds left: the training steps after {@code step} and the evaluations to come; NaN when unknown. */
    double etaSeconds(long step) {
        double rate = rate(step);
        if (rate <= 0) {
            return Double.NaN;
        }
        long acts = evalActs + runningActs;
        double perAct = acts > 0 ? evaluationNanos() / (double) NANOS_PER_SECOND / acts : 1 / rate;
        long actsLeft = Math.max(0, evaluations.left().getAsInt() * evaluations.actsEach() - runningActs);
        return (totalSteps - step) / rate + actsLeft * perAct;
    }

    /** Shows the line when {@code interval} has passed since the last one; {@code note} may be empty. */
    void update(long step, long envStep, double lastEval, String note) {
        if (due()) {
            String eval = Double.isNaN(lastEval) ? "n/a" : String.format(Locale.ROOT, "%.1f", lastEval);
            show(position(step, envStep) + String.format(Locale.ROOT, " | eval %s | %.1f steps/s | ETA %s", eval,
                    rate(step), eta(step)) + (note.isEmpty() ? "" : " | " + note));
        }
    }

    /** An evaluation of {@code episodes} episodes starts; its time is kept out of the training rate. */
    void evaluationStarted(int episodes) {
        runningSince = clock.getAsLong();
        runningActs = 0;
        runningEpisodes = episodes;
    }

    /** One act of the running evaluation is done, {@code episodesDone} of its episodes are finished. */
    void evaluationAct(long step, long envStep, int episodesDone) {
        runningActs++;
        if (due()) {
            double seconds = (clock.getAsLong() - runningSince) / (double) NANOS_PER_SECOND;
            double evalRate = seconds > 0 ? runningActs / seconds : 0;
            show(position(step, envStep) + String.format(Locale.ROOT, " | evaluating %d/%d episodes, %.1f steps/s"
                    + " | ETA %s", Math.min(episodesDone + 1, runningEpisodes), runningEpisodes, evalRate, eta(step)));
        }
    }

    /** The running evaluation has ended. */
    void evaluationEnded() {
        evalNanos += clock.getAsLong() - runningSince;
        evalActs += runningActs;
        runningSince = -1;
        runningActs = 0;
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

    private long evaluationNanos() {
        return evalNanos + (runningSince < 0 ? 0 : clock.getAsLong() - runningSince);
    }

    private boolean due() {
        long now = clock.getAsLong();
        if (lastPrint != Long.MIN_VALUE && now - lastPrint < intervalNanos) {
            return false;
        }
        lastPrint = now;
        return true;
    }

    private void show(String line) {
        if (inPlace) {
            out.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
            shownWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String position(long step, long envStep) {
        return String.format(Locale.ROOT, "step %d/%d (%.1f%%) | env step %d", step, totalSteps,
                100.0 * step / totalSteps, envStep);
    }

    private String eta(long step) {
        double seconds = etaSeconds(step);
        return Double.isNaN(seconds) ? "n/a" : duration(seconds);
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
