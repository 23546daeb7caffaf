package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mbrl4j.io.AtomicFile;
import org.mbrl4j.train.EvalCurvePlot;
import org.mbrl4j.train.EvalCurves;

/**
 * The results of a sweep: {@code runs.csv} (one row per run), {@code table.csv} and {@code table.md} (per task
 * and variant: final return and AUC, mean ± std over seeds, the population std as numpy's default) and one
 * PNG per task with each variant's eval curves (mean ± std band, every seed thin; {@link EvalCurvePlot}).
 * Runs without an eval.csv are counted as missing.
 */
final class SweepTable {
    private SweepTable() {}

    /** Mean and population std of some values. */
    record Stats(int n, double mean, double std) {
        static Stats of(List<Double> xs) {
            double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double var = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).average().orElse(Double.NaN);
            return new Stats(xs.size(), mean, Math.sqrt(var));
        }
    }

    /** Writes the files; returns the Markdown table. */
    static String write(SweepLayout layout, List<SweepRun> runs, java.io.PrintWriter out) throws IOException {
        var perRun = new ArrayList<String>(List.of("task,variant,seed,final_return,auc_mean_return,last_env_step"));
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        Map<String, Integer> missing = new LinkedHashMap<>();
        Map<String, Map<String, List<Path>>> curves = new LinkedHashMap<>();
        for (SweepRun run : runs) {
            String key = run.task() + "," + run.variant();
            groups.computeIfAbsent(key, k -> new ArrayList<>());
            missing.putIfAbsent(key, 0);
            Path csv = run.runDir().resolve("eval.csv");
            if (!Files.isRegularFile(csv)) {
                missing.merge(key, 1, Integer::sum);
                continue;
            }
            RunResult r = RunResult.of(EvalCurves.read(csv));
            groups.get(key).add(r);
            curves.computeIfAbsent(run.task(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(run.variant(), v -> new ArrayList<>()).add(csv);
            perRun.add(String.join(",", run.task(), run.variant(), Integer.toString(run.seed()), num(r.finalReturn()),
                    num(r.auc()), Long.toString(r.lastStep())));
        }
        var table = new ArrayList<String>(List.of(
                "task,variant,seeds,missing,final_return_mean,final_return_std,auc_mean,auc_std"));
        var md = new ArrayList<String>(List.of("| task | variant | seeds | final return (mean ± std) |"
                + " AUC mean return (mean ± std) |", "|---|---|---|---|---|"));
        for (var e : groups.entrySet()) {
            List<RunResult> rs = e.getValue();
            Stats f = Stats.of(rs.stream().map(RunResult::finalReturn).toList());
            Stats a = Stats.of(rs.stream().map(RunResult::auc).toList());
            int miss = missing.get(e.getKey());
            table.add(String.join(",", e.getKey(), Integer.toString(rs.size()), Integer.toString(miss), num(f.mean()),
                    num(f.std()), num(a.mean()), num(a.std())));
            String[] tv = e.getKey().split(",", 2);
            md.add("| " + tv[0] + " | " + tv[1] + " | " + rs.size() + (miss > 0 ? " (" + miss + " missing)" : "")
                    + " | " + String.format(Locale.ROOT, "%.1f ± %.1f", f.mean(), f.std()) + " | "
                    + String.format(Locale.ROOT, "%.1f ± %.1f", a.mean(), a.std()) + " |");
        }
        write(layout.runsCsv(), perRun);
        write(layout.tableCsv(), table);
        String markdown = String.join("\n", md) + "\n";
        writeText(layout.tableMd(), markdown);
        for (var e : curves.entrySet()) {
            if (e.getValue().size() > EvalCurvePlot.MAX_GROUPS) {
                out.println("table: " + e.getKey() + " has " + e.getValue().size() + " variants, more than a plot holds ("
                        + EvalCurvePlot.MAX_GROUPS + "); no " + layout.png(e.getKey()).getFileName());
                continue;
            }
            var plotGroups = new ArrayList<EvalCurves.Group>();
            for (var g : e.getValue().entrySet()) {
                plotGroups.add(EvalCurves.readGroup(g.getKey(), g.getValue()));
            }
            EvalCurvePlot.writeGroups(layout.png(e.getKey()), plotGroups, e.getKey(), EvalCurvePlot.DEFAULT_WIDTH,
                    EvalCurvePlot.DEFAULT_HEIGHT);
        }
        return markdown;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        writeText(file, String.join("\n", lines) + "\n");
    }

    private static void writeText(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFile.write(file, ch -> {
            var buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
        });
    }

    /** Four decimals: enough to compare runs, stable in text. */
    static String num(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
