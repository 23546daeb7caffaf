package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sweep's run scripts as child processes, {@code parallel} at a time, each with
 * {@code MBRL_SWEEP_THREADS = cores / parallel} CPU threads so the machine is not oversubscribed; returns when
 * all have ended.
 */
final class LocalLauncher {
    private LocalLauncher() {}

    /** Runs {@code runs}; returns how many ended with a non-zero exit status. */
    static int run(SweepLayout layout, List<SweepRun> runs, int parallel, int threads, PrintWriter out)
            throws InterruptedException {
        out.println("local: " + runs.size() + " runs, " + parallel + " at a time, " + threads + " CPU thread"
                + (threads == 1 ? "" : "s") + " each; logs beside each run directory (seed<N>.log)");
        out.flush();
        var done = new AtomicInteger();
        var failed = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            for (SweepRun run : runs) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    int rc = runOne(layout, run, threads);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (rc != 0) {
                        failed.incrementAndGet();
                    }
                    synchronized (out) {
                        out.printf("[%d/%d] %s %s (exit %d, %.1f s)%s%n", done.incrementAndGet(), runs.size(),
                                rc == 0 ? "done  " : "FAILED", run.label(), rc, seconds,
                                rc == 0 ? "" : ": " + layout.log(run));
                        out.flush();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new SweepException("a local run could not be started: " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
        return failed.get();
    }

    private static int runOne(SweepLayout layout, SweepRun run, int threads) throws IOException, InterruptedException {
        var pb = new ProcessBuilder("bash", layout.script(run).toString());
        pb.environment().put("MBRL_SWEEP_THREADS", Integer.toString(threads));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(run).toFile()));
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            throw e;
        }
    }
}
