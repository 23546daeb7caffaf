package org.mbrl4j.cli.sweep;

/**
 * The {@code launcher:} block of a sweep file.
 *
 * @param kind     local or slurm
 * @param parallel local: runs at a time; 0 = the cores divided by {@code resources.cpus_per_task}
 * @param throttle slurm: array tasks running at a time ({@code --array=0-(n-1)%throttle}); 0 = no limit
 * @param requeue  slurm: {@code --requeue} (a preempted or failed node's task is queued again and resumes)
 */
public record Launcher(LauncherKind kind, int parallel, int throttle, boolean requeue) {
    public Launcher {
        if (parallel < 0) {
            throw new SweepException("launcher.parallel: " + parallel + " must be >= 0 (0: cores / cpus_per_task)");
        }
        if (throttle < 0) {
            throw new SweepException("launcher.throttle: " + throttle + " must be >= 0 (0: no limit)");
        }
    }

    static Launcher defaults() {
        return new Launcher(LauncherKind.LOCAL, 0, 0, true);
    }

    /**
     * Runs at a time on a machine with {@code cores} cores: {@code parallel}, or cores / cpus per run.
     */
    int localParallel(int cores, int cpusPerTask) {
        int n = parallel > 0 ? parallel : cores / cpusPerTask;
        return Math.max(1, n);
    }

    /** CPU threads per local run so that {@code parallel} runs do not oversubscribe {@code cores}. */
    static int threadsPerRun(int cores, int parallel) {
        return Math.max(1, cores / parallel);
    }
}
