package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl sweep SWEEP.yaml}: tasks × seeds × variants of {@code mbrl train}, run on this machine or as a
 * Slurm job array, with one results table (docs/sweeps.md).
 */
@Command(
        name = "sweep",
        header = "Run a sweep (tasks x seeds x variants of 'mbrl train') locally or as a Slurm job array.",
        description = {"",
                "The sweep file (docs/sweeps.md) names a config, the axes (task, seed, ablation files, any config key),"
                + " per-task overrides, the launcher and the resources. Every run is an ordinary 'mbrl train' with"
                + " overrides, written under <out>/runs/<task>/<variant>/seed<N>/; its command is <out>/runs/<task>/"
                + "<variant>/seed<N>.sh, which starts or resumes it, so any run can be rerun by hand. Every run's config"
                + " (and with the slurm launcher the sbatch options, by sbatch --test-only) is checked before anything"
                + " starts. Results: <out>/table.md, table.csv, runs.csv and <out>/<task>.png.",
                "",
                "SWEEP may also be a sweep directory (it holds sweep.yaml and runs.tsv), for --status, --table and"
                + " --resume.",
                "",
                "Exit status: 0 ok; 1 some local runs failed (see --status); 2 a bad sweep file, flag or option"
                + " refused by Slurm (nothing started).",
                ""},
        footer = {"", "Examples:",
                "  mbrl sweep configs/sweeps/multi-gamma-ablation.yaml --dry-run",
                "  mbrl sweep configs/sweeps/multi-gamma-ablation.yaml --parallel 2",
                "  mbrl sweep my-sweep.yaml --launcher slurm --partition gpu --gpus 1 --time 04:00:00 --throttle 8",
                "  mbrl sweep my-sweep.yaml --status",
                "  mbrl sweep my-sweep.yaml --resume"},
        sortOptions = false)
public final class SweepCommand implements Callable<Integer> {
    /** Bad input: the same status as the other commands' (org.mbrl4j.cli.Main.EXIT_USAGE). */
    static final int EXIT_USAGE = 2;
    /** Some runs of a local sweep failed. */
    static final int EXIT_RUNS_FAILED = 1;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "A sweep file (YAML), or a launched sweep's directory.")
    Path sweep;

    @Option(names = "--dry-run",
            description = "Check every run and print them (one line each, with its directory); start nothing.")
    boolean dryRun;

    @Option(names = "--resume", description = "Launch only the runs that are not finished, queued or running; each"
            + " resumes from its last checkpoint.")
    boolean resume;

    @Option(names = "--status", description = "Show each run: done, running, pending, failed (with its last log"
            + " lines), not started.")
    boolean status;

    @Option(names = "--table",
            description = "Build the table and plots from the runs there now (the Slurm table job runs this).")
    boolean table;

    @Option(names = "--launcher", paramLabel = "local|slurm", description = "Replaces launcher.kind.")
    String launcherKind;

    @Option(names = "--parallel", paramLabel = "N", description = "local: runs at a time (replaces launcher.parallel).")
    Integer parallel;

    @Option(names = "--throttle", paramLabel = "N", description = "slurm: array tasks at a time (replaces launcher.throttle).")
    Integer throttle;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "Replaces resources.cpus_per_task.")
    Integer cpusPerTask;

    @Option(names = "--mem", paramLabel = "SIZE", description = "slurm: replaces resources.mem (e.g. 8G).")
    String mem;

    @Option(names = "--time", paramLabel = "TIME", description = "slurm: replaces resources.time (e.g. 04:00:00).")
    String time;

    @Option(names = "--partition", paramLabel = "NAME", description = "slurm: replaces resources.partition.")
    String partition;

    @Option(names = "--gpus", paramLabel = "N",
            description = "slurm: GPUs per run, --gres=gpu:N (replaces resources.gpus).")
    Integer gpus;

    @Option(names = "--gres", paramLabel = "GRES", description = "slurm: a full --gres value (replaces resources.gres).")
    String gres;

    @Spec
    CommandSpec spec;

    private final Slurm slurm;

    public SweepCommand() {
        this(Map.of());
    }

    /** With variables added to the Slurm commands' environment (a test cluster's SLURM_CONF). */
    SweepCommand(Map<String, String> slurmEnv) {
        this.slurm = new Slurm(slurmEnv);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out);
        } catch (SweepException e) {
            out.flush();
            err.println("mbrl sweep: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        } finally {
            out.flush();
        }
    }

    private int run(PrintWriter out) throws IOException, InterruptedException {
        long modes = java.util.stream.Stream.of(dryRun, resume, status, table).filter(b -> b).count();
        if (modes > 1) {
            throw new SweepException("--dry-run, --resume, --status and --table exclude each other; give one");
        }
        Path cwd = Path.of("").toAbsolutePath();
        SweepFile file = withFlags(load(cwd));
        var layout = new SweepLayout(file.out());
        if (status) {
            return printStatus(layout, recorded(layout), out);
        }
        if (table) {
            out.print(SweepTable.write(layout, recorded(layout), out));
            out.println("table: " + layout.tableMd() + ", " + layout.tableCsv() + ", " + layout.runsCsv());
            return 0;
        }
        List<SweepRun> runs = SweepPlan.expand(file);
        LauncherKind kind = file.launcher().kind();
        if (kind == LauncherKind.SLURM) {
            slurm.testOnly(SlurmLauncher.arrayOptions(file, layout, runs.size()));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int localParallel = file.launcher().localParallel(cores, file.resources().cpusPerTask());
        int threads = Launcher.threadsPerRun(cores, localParallel);
        if (dryRun) {
            printPlan(file, layout, runs, localParallel, threads, out);
            return 0;
        }
        Optional<List<SweepRun>> before = PlanFile.read(layout.plan());
        if (before.isPresent() && !resume) {
            throw new SweepException("sweep directory " + layout.root() + " already holds a launched sweep ("
                    + layout.plan() + "); add --resume to launch its unfinished runs, --status to see them, or"
                    + " set another out: in the sweep file");
        }
        if (before.isPresent() && !before.get().equals(runs)) {
            throw new SweepException("the sweep file's runs differ from those launched in " + layout.root() + " ("
                    + layout.plan() + "): --resume continues the sweep as launched; restore the file, or give the"
                    + " changed sweep another out:");
        }
        List<SweepRun> launch = runs;
        if (resume && before.isPresent()) {
            Map<SweepRun, RunState> states = SweepStatus.of(layout, runs, slurm);
            launch = runs.stream().filter(r -> states.get(r).needsLaunch()).toList();
            out.println("resume: " + launch.size() + " of " + runs.size() + " runs to launch (the others are done,"
                    + " queued or running)");
            if (launch.isEmpty()) {
                out.println("nothing to launch; see --status");
                return 0;
            }
        }
        Files.createDirectories(layout.root());
        if (!Files.exists(layout.sweepCopy()) || !Files.isSameFile(file.source(), layout.sweepCopy())) {
            Files.copy(file.source(), layout.sweepCopy(), StandardCopyOption.REPLACE_EXISTING);
        }
        PlanFile.write(layout.plan(), runs);
        JavaCommand java = JavaCommand.current();
        for (SweepRun r : runs) {
            RunScript.write(layout, r, runs.size(), file.name(), java, file.resources().cpusPerTask(), cwd);
        }
        if (kind == LauncherKind.SLURM) {
            SlurmJobs.Submission s = SlurmLauncher.submit(slurm, file, layout, launch, java, cwd);
            out.println("slurm: submitted " + launch.size() + " runs as array job " + s.arrayJob() + " ("
                    + String.join(" ", SlurmLauncher.arrayOptions(file, layout, launch.size())) + "); table job "
                    + s.tableJob() + " after it (afterany) writes " + layout.tableMd());
            out.println("follow it: mbrl sweep " + sweep + " --status");
            return 0;
        }
        int failed = LocalLauncher.run(layout, launch, localParallel, threads, out);
        out.print(SweepTable.write(layout, runs, out));
        out.println("table: " + layout.tableMd() + ", " + layout.tableCsv() + ", " + layout.runsCsv());
        if (failed > 0) {
            out.println(failed + " run" + (failed == 1 ? "" : "s") + " failed; see mbrl sweep " + sweep + " --status,"
                    + " then --resume");
            return EXIT_RUNS_FAILED;
        }
        return 0;
    }

    /** The sweep file, or for a sweep directory the file launched there with out: that directory. */
    private SweepFile load(Path cwd) {
        Path arg = cwd.resolve(sweep).normalize();
        if (Files.isDirectory(arg)) {
            Path copy = new SweepLayout(arg).sweepCopy();
            if (!Files.isRegularFile(copy)) {
                throw new SweepException(sweep + ": a directory without sweep.yaml: not a launched sweep");
            }
            return SweepFileReader.read(copy, cwd).withOut(arg);
        }
        return SweepFileReader.read(arg, cwd);
    }

    private SweepFile withFlags(SweepFile f) {
        Launcher l = f.launcher();
        Launcher launcher = new Launcher(
                launcherKind == null ? l.kind() : LauncherKind.parse("--launcher", launcherKind),
                parallel == null ? l.parallel() : positive("--parallel", parallel),
                throttle == null ? l.throttle() : positive("--throttle", throttle), l.requeue());
        Resources r = f.resources();
        Resources resources = new Resources(cpusPerTask == null ? r.cpusPerTask() : positive("--cpus-per-task",
                cpusPerTask), mem == null ? r.mem() : mem, time == null ? r.time() : time,
                partition == null ? r.partition() : partition, gpus == null ? r.gpus() : gpus,
                gres == null ? r.gres() : gres, r.sbatchArgs());
        return f.with(launcher, resources);
    }

    private static int positive(String flag, int value) {
        if (value < 1) {
            throw new SweepException(flag + " " + value + ": must be >= 1");
        }
        return value;
    }

    private static List<SweepRun> recorded(SweepLayout layout) {
        return PlanFile.read(layout.plan()).orElseThrow(() -> new SweepException("no launched sweep in "
                + layout.root() + " (no " + layout.plan().getFileName() + "): launch it first"));
    }

    private void printPlan(SweepFile file, SweepLayout layout, List<SweepRun> runs, int localParallel, int threads,
            PrintWriter out) {
        long tasks = runs.stream().map(SweepRun::task).distinct().count();
        long seeds = runs.stream().map(SweepRun::seed).distinct().count();
        long variants = runs.stream().map(SweepRun::variant).distinct().count();
        for (SweepRun r : runs) {
            out.println(String.format("[%d] %-40s %s", r.index(), r.label(), r.runDir()));
            out.println("      mbrl train " + Shell.words(r.trainArgs()));
        }
        out.println("total: " + runs.size() + " runs (" + tasks + " task" + (tasks == 1 ? "" : "s") + " x " + seeds
                + " seed" + (seeds == 1 ? "" : "s") + " x " + variants + " variant" + (variants == 1 ? "" : "s")
                + ") under " + layout.root() + "; every config checked");
        if (file.launcher().kind() == LauncherKind.SLURM) {
            out.println("slurm: sbatch " + String.join(" ", SlurmLauncher.arrayOptions(file, layout, runs.size()))
                    + " " + layout.slurmDir().resolve("array-0.sh") + " (accepted by sbatch --test-only), then a"
                    + " table job with --dependency=afterany");
        } else {
            out.println("local: " + localParallel + " at a time, " + threads + " CPU thread" + (threads == 1 ? "" : "s")
                    + " each");
        }
    }

    private int printStatus(SweepLayout layout, List<SweepRun> runs, PrintWriter out) {
        Map<SweepRun, RunState> states = SweepStatus.of(layout, runs, slurm);
        var counts = new java.util.EnumMap<RunState.Kind, Integer>(RunState.Kind.class);
        for (var e : states.entrySet()) {
            RunState s = e.getValue();
            counts.merge(s.kind(), 1, Integer::sum);
            out.println(String.format("%-12s %-40s %s", s.kind().word(), e.getKey().label(), s.detail()));
        }
        for (var e : states.entrySet()) {
            if (e.getValue().kind() == RunState.Kind.FAILED) {
                out.println("--- " + e.getKey().label() + ": last lines of " + layout.log(e.getKey()));
                SweepStatus.tail(layout.log(e.getKey()), SweepStatus.LOG_LINES).forEach(l -> out.println("  " + l));
            }
        }
        out.println(runs.size() + " runs: " + String.join(", ", counts.entrySet().stream()
                .map(c -> c.getValue() + " " + c.getKey().word()).toList()));
        return 0;
    }
}
