package org.mbrl4j.cli.sweep;

import java.nio.file.Path;

/**
 * The files of a sweep directory:
 * <pre>
 *   sweep.yaml                 the sweep file as launched
 *   runs.tsv                   the runs: index, task, variant, seed, run directory
 *   runs/&lt;task&gt;/&lt;variant&gt;/seed&lt;S&gt;/    each run's directory (an ordinary train run directory)
 *   runs/&lt;task&gt;/&lt;variant&gt;/seed&lt;S&gt;.sh   the run's command: starts it, or resumes it from its last checkpoint
 *   runs/&lt;task&gt;/&lt;variant&gt;/seed&lt;S&gt;.log  its console output (appended by every attempt)
 *   runs/&lt;task&gt;/&lt;variant&gt;/seed&lt;S&gt;.exit its last exit status; .pid while it runs
 *   slurm/                     array scripts, job ids (jobs.tsv) and Slurm's output files
 *   table.csv, table.md, runs.csv, &lt;task&gt;.png   the results
 * </pre>
 * The run's own files sit beside its directory, not in it: a fresh run refuses a non-empty directory.
 */
public record SweepLayout(Path root) {
    public Path sweepCopy() {
        return root.resolve("sweep.yaml");
    }

    public Path plan() {
        return root.resolve("runs.tsv");
    }

    public Path workDir() {
        return root.resolve("runs");
    }

    public Path runDir(String task, String variant, int seed) {
        return workDir().resolve(task).resolve(variant).resolve("seed" + seed);
    }

    public Path script(SweepRun run) {
        return beside(run, ".sh");
    }

    public Path log(SweepRun run) {
        return beside(run, ".log");
    }

    public Path exitFile(SweepRun run) {
        return beside(run, ".exit");
    }

    public Path pidFile(SweepRun run) {
        return beside(run, ".pid");
    }

    public Path slurmDir() {
        return root.resolve("slurm");
    }

    /** One line per submission: array job id, table job id, the run indices of its array tasks. */
    public Path slurmJobs() {
        return slurmDir().resolve("jobs.tsv");
    }

    public Path tableCsv() {
        return root.resolve("table.csv");
    }

    public Path tableMd() {
        return root.resolve("table.md");
    }

    public Path runsCsv() {
        return root.resolve("runs.csv");
    }

    public Path png(String task) {
        return root.resolve(task + ".png");
    }

    private Path beside(SweepRun run, String suffix) {
        return run.runDir().resolveSibling(run.runDir().getFileName() + suffix);
    }
}
