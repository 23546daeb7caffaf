package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits runs as one Slurm job array ({@code sbatch --array=0-(n-1)%throttle}, one array task per run, each
 * running the run's script) and a table job that waits for it ({@code --dependency=afterany}) and builds the
 * sweep's table and plots with {@code mbrl sweep <dir> --table}.
 */
final class SlurmLauncher {
    private SlurmLauncher() {}

    /** The sbatch options of the array job of {@code n} runs, without the script. */
    static List<String> arrayOptions(SweepFile file, SweepLayout layout, int n) {
        var out = new ArrayList<String>();
        out.add("--job-name=" + file.name());
        out.add("--array=0-" + (n - 1) + (file.launcher().throttle() > 0 ? "%" + file.launcher().throttle() : ""));
        out.add("--output=" + layout.slurmDir().resolve("%A_%a.out"));
        if (file.launcher().requeue()) {
            out.add("--requeue");
        }
        out.addAll(file.resources().sbatchOptions());
        return out;
    }

    /** The table job's options: one CPU, the partition and extra options of the runs, after the array job. */
    static List<String> tableOptions(SweepFile file, SweepLayout layout, String arrayJob) {
        var out = new ArrayList<String>();
        out.add("--job-name=" + file.name() + "-table");
        out.add("--dependency=afterany:" + arrayJob);
        out.add("--output=" + layout.slurmDir().resolve("table-%j.out"));
        out.add("--cpus-per-task=1");
        Resources r = file.resources();
        if (r.partition() != null) {
            out.add("--partition=" + r.partition());
        }
        if (r.time() != null) {
            out.add("--time=" + r.time());
        }
        out.addAll(r.sbatchArgs());
        return out;
    }

    /**
     * Submits {@code runs} (their scripts written); returns the submission recorded in slurm/jobs.tsv.
     */
    static SlurmJobs.Submission submit(Slurm slurm, SweepFile file, SweepLayout layout, List<SweepRun> runs,
            JavaCommand java, Path cwd) throws IOException {
        Files.createDirectories(layout.slurmDir());
        int k = SlurmJobs.read(layout.slurmJobs()).size();
        Path array = layout.slurmDir().resolve("array-" + k + ".sh");
        var lines = new ArrayList<String>();
        lines.add("#!/usr/bin/env bash");
        lines.add("# mbrl sweep " + file.name() + ", submission " + k + ": array task i runs the i-th run script.");
        lines.add("scripts=(");
        runs.forEach(r -> lines.add("    " + Shell.quote(layout.script(r).toString())));
        lines.add(")");
        lines.add("exec bash \"${scripts[$SLURM_ARRAY_TASK_ID]}\"");
        write(array, lines);
        Path table = layout.slurmDir().resolve("table.sh");
        write(table, List.of("#!/usr/bin/env bash",
                "# Builds the table and plots of sweep " + file.name() + " once its array job has ended.",
                "cd " + Shell.quote(cwd.toString()) + " || exit 1",
                "exec " + Shell.words(java.words(List.of("-Dmbrl.cpu.threads=1"))) + " sweep "
                        + Shell.quote(layout.root().toString()) + " --table"));
        String arrayJob = slurm.submit(arrayOptions(file, layout, runs.size()), array.toString());
        String tableJob = slurm.submit(tableOptions(file, layout, arrayJob), table.toString());
        var submission = new SlurmJobs.Submission(arrayJob, tableJob, runs.stream().map(SweepRun::index).toList());
        SlurmJobs.append(layout.slurmJobs(), submission);
        return submission;
    }

    private static void write(Path script, List<String> lines) throws IOException {
        Files.writeString(script, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
