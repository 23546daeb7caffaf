package org.mbrl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mbrl4j.train.EvalClock;
import org.mbrl4j.train.EvalCurvePlot;
import org.mbrl4j.train.EvalCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl plot OUT.png CSV...}: eval curves to a PNG. The CSVs are grouped by experiment (the folder
 * above {@code seed<N>/}) or by {@code --group NAME=CSV,...}; each group's runs are drawn thin under their
 * mean ± std, one colour per group.
 */
@Command(
        name = "plot",
        header = "Draw eval curves (eval.csv files) to a PNG, one colour per experiment.",
        description = {"",
                "Reads the step and episode_reward columns of each CSV (eval.csv as train writes it, or the"
                + " reference's results CSVs). CSVs in <exp_name>/seed<N>/ folders are grouped by <exp_name>, any"
                + " other CSV is its own group; --group names groups by hand. One run is drawn as its curve,"
                + " several (seeds) thin under their mean with a \u00b1 1 std band; several groups get a legend.",
                ""},
        footer = {"", "Examples:",
                "  mbrl plot pendulum.png runs/pendulum/default/seed*/eval.csv",
                "  mbrl plot pendulum.png results/multi_gamma/pendulum/*/seed*/eval.csv",
                "  mbrl plot ab.png --group baseline=a/seed1/eval.csv,a/seed2/eval.csv --group heads=b/seed1/eval.csv",
                "  mbrl plot utd-cpu.png --x cpu_s runs/pendulum/utd1/seed*/eval.csv runs/pendulum/utd2/seed*/eval.csv"})
final class PlotCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private static final String USAGE = "usage: mbrl plot OUT.png CSV... | mbrl plot OUT.png --group NAME=CSV[,CSV...]...";

    @Parameters(index = "0", paramLabel = "OUT.png", description = "The PNG to write (replaced atomically).")
    Path png;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "CSV",
            description = "eval.csv files, grouped by the folder above seed<N>/.")
    List<Path> csvs = new ArrayList<>();

    @Option(names = "--group", paramLabel = "NAME=CSV[,CSV...]",
            description = "A group named NAME of the CSVs after '=' (repeat per group; NAME may hold '=' when the"
                    + " CSVs exist); replaces the positional CSVs.")
    List<String> groupArgs = new ArrayList<>();

    @Option(names = "--width", defaultValue = "" + EvalCurvePlot.DEFAULT_WIDTH, description = "Width in pixels (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "" + EvalCurvePlot.DEFAULT_HEIGHT, description = "Height in pixels (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--x", defaultValue = "step", paramLabel = "AXIS", description = "The x axis: step (env steps,"
            + " default), elapsed_s (wall-clock seconds) or cpu_s (process CPU seconds), the clocks read from the"
            + " train.csv beside each eval.csv; on a clock each run is its own line (no mean band).")
    String xAxis;

    @Option(names = "--title", description = "Title (default: the run's label, the number of runs, or for several groups"
            + " the folder common to all CSVs).")
    String title;

    @Spec
    CommandSpec spec;

    /**
     * Parses {@code NAME=CSV[,CSV...]}, split at the first '=' after which every CSV exists as a file, so that a
     * NAME may hold '=' ({@code utd=2=runs/a/eval.csv}); when no split names existing files, at the first '='
     * (and reading the CSVs then names the missing one).
     *
     * @throws IllegalArgumentException quoting the argument and saying what is missing
     */
    static Map.Entry<String, List<Path>> parseGroup(String arg) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--group '" + arg + "': expected NAME=CSV[,CSV...], found no '='");
        }
        for (int at = eq; at >= 0; at = arg.indexOf('=', at + 1)) {
            if (Arrays.stream(arg.substring(at + 1).split(",", -1)).allMatch(p -> !p.isBlank()
                    && Files.isRegularFile(Path.of(p.strip())))) {
                eq = at;
                break;
            }
        }
        String name = arg.substring(0, eq).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("--group '" + arg + "': the NAME before '=' is empty");
        }
        var paths = new ArrayList<Path>();
        for (String p : arg.substring(eq + 1).split(",", -1)) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("--group '" + arg + "': an empty CSV path after '='"
                        + " (expected NAME=CSV[,CSV...])");
            }
            paths.add(Path.of(p.strip()));
        }
        return Map.entry(name, List.copyOf(paths));
    }

    /** The groups to draw, from --group when given, else from the positional CSVs' folders. */
    private Map<String, List<Path>> groups() {
        if (!groupArgs.isEmpty() && !csvs.isEmpty()) {
            throw new IllegalArgumentException("positional CSV '" + csvs.get(0) + "'" + (csvs.size() > 1 ? " (and "
                    + (csvs.size() - 1) + " more)" : "") + " given with --group: with --group every CSV goes in a"
                    + " --group NAME=CSV[,CSV...]; without it the CSVs are grouped by experiment folder");
        }
        if (groupArgs.isEmpty()) {
            if (csvs.isEmpty()) {
                throw new IllegalArgumentException("no CSV to plot (" + USAGE + ")");
            }
            return EvalCurves.byExperiment(csvs);
        }
        var groups = new LinkedHashMap<String, List<Path>>();
        for (String arg : groupArgs) {
            var g = parseGroup(arg);
            if (groups.putIfAbsent(g.getKey(), g.getValue()) != null) {
                throw new IllegalArgumentException("--group name '" + g.getKey() + "' is given twice: give each group"
                        + " once, with all its CSVs after '=' separated by ','");
            }
        }
        return groups;
    }

    /** The name of the deepest folder above every CSV ("default" for runs/pendulum/default/seed*&#47;eval.csv). */
    private static String commonFolder(List<Path> csvs) {
        Path common = csvs.get(0).toAbsolutePath().normalize().getParent();
        for (Path csv : csvs) {
            Path folder = csv.toAbsolutePath().normalize().getParent();
            while (common != null && (folder == null || !folder.startsWith(common))) {
                common = common.getParent();
            }
        }
        Path name = common == null ? null : common.getFileName();
        return name == null ? "eval curves" : name.toString();
    }

    @Override
    public Integer call() {
        if (!png.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new CliException("'" + png + "': the output must be a .png file (" + USAGE + ")", Main.EXIT_USAGE);
        }
        if (width < EvalCurvePlot.MIN_SIZE || height < EvalCurvePlot.MIN_SIZE) {
            throw new CliException("--width " + width + " --height " + height + ": both must be >= "
                    + EvalCurvePlot.MIN_SIZE, Main.EXIT_USAGE);
        }
        Map<String, List<Path>> paths;
        EvalClock x;
        try {
            x = EvalClock.parse(xAxis);
            paths = groups();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        if (paths.size() > EvalCurvePlot.MAX_GROUPS) {
            throw new CliException(paths.size() + " groups " + paths.keySet() + ": a plot holds at most "
                    + EvalCurvePlot.MAX_GROUPS + " (one per palette colour); plot fewer, or merge them with --group",
                    Main.EXIT_USAGE);
        }
        var groups = new ArrayList<EvalCurves.Group>();
        try {
            for (var e : paths.entrySet()) {
                groups.add(EvalCurves.readGroup(e.getKey(), e.getValue(), x));
            }
        } catch (IOException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        List<EvalCurves.Series> runs = groups.stream().flatMap(g -> g.runs().stream()).toList();
        int points = runs.stream().mapToInt(r -> r.steps().length).sum();
        String t = title != null ? title : defaultTitle(groups, paths);
        try {
            EvalCurvePlot.writeGroups(png, groups, t, width, height, x);
        } catch (IOException e) {
            throw new CliException("cannot write " + png + ": " + org.mbrl4j.train.IoReason.of(e), Main.EXIT_USAGE);
        }
        var out = spec.commandLine().getOut();
        String what = groups.size() == 1 ? "" : groups.size() + " groups ("
                + String.join(", ", groups.stream().map(EvalCurves.Group::legendLabel).toList()) + "), ";
        out.println("wrote " + png + " (" + width + "x" + height + "): " + what + runs.size()
                + (runs.size() == 1 ? " run, " : " runs, ") + points + " points");
        out.flush();
        return 0;
    }

    /**
     * One run: its label; one experiment: its folder and run count ({@code --group}: its name); several:
     * the folder common to all CSVs (the task, for {@code <task>/<exp_name>/seed<N>/} runs).
     */
    private String defaultTitle(List<EvalCurves.Group> groups, Map<String, List<Path>> paths) {
        List<Path> all = paths.values().stream().flatMap(List::stream).toList();
        if (groups.size() > 1) {
            return commonFolder(all);
        }
        List<EvalCurves.Series> runs = groups.get(0).runs();
        String name = groupArgs.isEmpty() ? commonFolder(all) : groups.get(0).name();
        return runs.size() == 1 && groupArgs.isEmpty() ? runs.get(0).label() : name + " (" + runs.size() + " runs)";
    }
}
