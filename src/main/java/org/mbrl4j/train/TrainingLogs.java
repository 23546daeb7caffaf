package org.mbrl4j.train;

import java.awt.AWTError;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.ActInfoSums;
import org.mbrl4j.agent.ActMode;

/**
 * The logs of one run in its {@link RunDirectory}: {@code eval.csv} (when save_csv), {@code train.csv},
 * {@code planner.jsonl}, the agent's evaluation-probe log (TD-MPC2: {@code multi_gamma.jsonl}) and
 * {@code eval.png}, plus the console lines that go with them. When a run resumes, each log is first cut
 * back to the checkpoint's step ({@link LogTruncation}), then appended.
 */
final class TrainingLogs implements Closeable {
    private final RunDirectory dir;
    private final ProgressLine progress;
    private final int actionRepeat;
    private final String title;
    private final EvalCsv evalCsv;
    private final TrainCsv trainCsv;
    private final PlannerLog planner;
    /** The agent's planner infos summed on device, drained per record; null: observed per act. */
    private ActInfoSums plannerSums;
    private final Optional<Path> probePath;
    private final ProbeLog probe;
    private long lastRowStep;
    private double lastRowSeconds;

    /**
     * @param probeFile  the file name of the agent's evaluation probe, if it has one
     * @param resumeStep the checkpoint's step when resuming (logs are cut back to it), or -1
     */
    TrainingLogs(RunDirectory dir, boolean saveCsv, int actionRepeat, String title, Optional<String> probeFile,
            long resumeStep, double elapsed, ProgressLine progress) throws IOException {
        this.dir = dir;
        this.probePath = probeFile.map(dir::probeLog);
        this.progress = progress;
        this.actionRepeat = actionRepeat;
        this.title = title;
        if (resumeStep >= 0) {
            cutBack(resumeStep);
        }
        this.evalCsv = saveCsv ? EvalCsv.open(dir.evalCsv()) : null;
        this.trainCsv = new TrainCsv(dir.trainCsv());
        this.planner = new PlannerLog(dir.plannerJsonl());
        this.probe = probePath.map(ProbeLog::new).orElse(null);
        this.lastRowStep = Math.max(resumeStep, 0);
        this.lastRowSeconds = elapsed;
    }

    /** Drops rows written after the checkpoint at {@code step}: evals up to it ran before it was taken. */
    private void cutBack(long step) throws IOException {
        long envStep = step * actionRepeat;
        int dropped = LogTruncation.keepWhile(dir.evalCsv(), 1, l -> LogTruncation.firstCell(l) <= envStep)
                + LogTruncation.keepWhile(dir.trainCsv(), 1, l -> LogTruncation.firstCell(l) < step)
                + LogTruncation.keepWhile(dir.plannerJsonl(), 0, l -> keepPlannerRecord(l, step));
        if (probePath.isPresent()) {
            dropped += LogTruncation.keepWhile(probePath.get(), 0, l -> keepProbeRecord(l, step));
        }
        if (dropped > 0) {
            progress.message("resume: dropped " + dropped + " log rows written after the checkpoint (step " + step
                    + ")");
        }
    }

    private static boolean keepPlannerRecord(String line, long step) {
        try {
            var node = JsonlLog.JSON.readTree(line);
            long s = node.path("step").asLong(Long.MAX_VALUE);
            return s < step || (s == step && PlannerLog.EVAL.equals(node.path("category").asText()));
        } catch (IOException e) {
            return false;
        }
    }

    /** Probe records are taken with evaluations, and an evaluation at the checkpoint's step ran before it. */
    private static boolean keepProbeRecord(String line, long step) {
        try {
            return JsonlLog.JSON.readTree(line).path("step").asLong(Long.MAX_VALUE) <= step;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the planner records from the agent's device sums ({@link PlannerInfoSource#deviceSums}). */
    void readPlannerSums(ActInfoSums sums) {
        this.plannerSums = sums;
    }

    void plannerInfo(String category, Map<String, Double> info) {
        planner.observe(category, info);
    }

    void update(Map<String, Double> metrics) {
        trainCsv.accumulate(metrics);
    }

    /** Logs an evaluation: console, eval.csv, planner.jsonl and a redrawn eval.png. */
    void evaluation(EvalResult r, double seconds) throws IOException {
        progress.message(String.format(Locale.ROOT, "eval  step %d (env step %d): return %.2f \u00b1 %.2f over %s"
                + " (%.1f s)", r.step(), r.envStep(), r.mean(), r.std(), Plural.of(r.returns().length, "episode"),
                seconds));
        if (plannerSums != null) {
            planner.observe(PlannerLog.EVAL, plannerSums.drain(ActMode.EVAL));
        }
        planner.flush(PlannerLog.EVAL, r.step(), r.envStep());
        if (evalCsv != null) {
            evalCsv.row(r.envStep(), r.mean(), r.std());
            plot();
        }
    }

    /** Appends the evaluation probe's record taken at agent step {@code step} to its log. */
    void probeRecord(Map<String, Object> fields, long step) throws IOException {
        if (probe == null) {
            throw new IllegalStateException("probeRecord: these logs were opened without a probe file");
        }
        probe.write(fields, step, step * actionRepeat);
    }

    /** Writes a train.csv row (and the train planner record) when updates ran since the last one. */
    void trainRow(long step, long updates, double episodeReward, RunClock clock) throws IOException {
        if (plannerSums != null) {
            planner.observe(PlannerLog.TRAIN, plannerSums.drain(ActMode.TRAIN));
        }
        planner.flush(PlannerLog.TRAIN, step, step * actionRepeat);
        if (!trainCsv.hasPending()) {
            return;
        }
        double elapsed = clock.wallSeconds();
        double seconds = elapsed - lastRowSeconds;
        double rate = seconds > 0 ? (step - lastRowStep) / seconds : 0;
        trainCsv.row(step, step * actionRepeat, updates, episodeReward, round3(rate), round3(elapsed),
                round3(clock.cpuSeconds()));
        lastRowStep = step;
        lastRowSeconds = elapsed;
    }

    /**
     * Redraws eval.png from eval.csv. A failure here (no fonts in a minimal image, say) costs the
     * picture only: the data is in eval.csv, and {@code mbrl plot} can draw it later.
     */
    void plot() {
        try {
            EvalCurvePlot.write(dir.evalPng(), List.of(EvalCurves.read(dir.evalCsv())), title,
                    EvalCurvePlot.DEFAULT_WIDTH, EvalCurvePlot.DEFAULT_HEIGHT);
        } catch (IOException | RuntimeException | AWTError | LinkageError e) {
            progress.message("warning: could not draw " + dir.evalPng() + " (" + e + "); the data is in "
                    + dir.evalCsv() + ": ./mbrl plot out.png " + dir.evalCsv());
        }
    }

    private static double round3(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    @Override
    public void close() throws IOException {
        try (var a = evalCsv; var b = trainCsv; var c = planner; var d = probe) {
            // closes all four
        }
    }
}
