package org.mbrl4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mbrl4j.train.EvalCurvePlot;
import org.mbrl4j.train.EvalCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbrl plot OUT.png CSV...}: eval curves to a PNG; several CSVs (seeds) as mean ± std with each run thin. */
@Command(
        name = "plot",
        description = {"Draw eval curves (eval.csv: step,episode_reward) to a PNG. One CSV: its curve;",
                "several (e.g. the seeds of an experiment): each run thin, their mean with a \u00b1 1 std band."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUT.png", description = "The PNG to write (replaced atomically).")
    Path png;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CSV", description = "eval.csv files.")
    List<Path> csvs = new ArrayList<>();

    @Option(names = "--width", defaultValue = "" + EvalCurvePlot.DEFAULT_WIDTH, description = "Width in pixels (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "" + EvalCurvePlot.DEFAULT_HEIGHT, description = "Height in pixels (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--title", description = "Title (default: the run's label, or the number of runs).")
    String title;

    @Spec
    CommandSpec spec;

    /** The name of the deepest folder above every CSV ("default" for runs/pendulum/default/seed*&#47;eval.csv). */
    private String commonFolder() {
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
            throw new CliException("'" + png + "': the output must be a .png file (usage: mbrl plot OUT.png CSV...)",
                    Main.EXIT_USAGE);
        }
        if (width < EvalCurvePlot.MIN_SIZE || height < EvalCurvePlot.MIN_SIZE) {
            throw new CliException("--width " + width + " --height " + height + ": both must be >= "
                    + EvalCurvePlot.MIN_SIZE, Main.EXIT_USAGE);
        }
        var runs = new ArrayList<EvalCurves.Series>();
        try {
            for (Path csv : csvs) {
                runs.add(EvalCurves.read(csv));
            }
        } catch (IOException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        int points = runs.stream().mapToInt(r -> r.steps().length).sum();
        if (points == 0) {
            throw new CliException("nothing to plot: " + csvs + " hold no rows", Main.EXIT_USAGE);
        }
        String t = title != null ? title : runs.size() == 1 ? runs.get(0).label() : commonFolder() + " (" + runs.size()
                + " runs)";
        try {
            EvalCurvePlot.write(png, runs, t, width, height);
        } catch (IOException e) {
            throw new CliException("cannot write " + png + ": " + e.getMessage(), Main.EXIT_INTERNAL);
        }
        var out = spec.commandLine().getOut();
        out.println("wrote " + png + " (" + width + "x" + height + "): " + runs.size() + (runs.size() == 1 ? " run, " : " runs, ")
                + points + " points");
        out.flush();
        return 0;
    }
}
