package org.mbrl4j.backend.cpu;

/**
 * Splits index ranges over the CPU backend's threads: the calling thread runs the first chunk and
 * {@link SpinningWorkers} the others. Small ranges run inline: a hand-off costs about a microsecond while
 * the workers spin between the many small ops of a planning step, and tens of microseconds once they sleep.
 * A call made from inside a split range (nested), or while another thread's split runs, runs inline.
 * The chunk bounds depend only on n and the thread count, so results do not depend on which thread ran what.
 */
public final class Parallel {
    /** Threads used by the CPU backend; {@code -Dmbrl.cpu.threads=N} overrides the core count. */
    public static final int THREADS = Integer.getInteger("mbrl.cpu.threads", Runtime.getRuntime().availableProcessors());

    private static final SpinningWorkers WORKERS = THREADS > 1 ? new SpinningWorkers(THREADS - 1) : null;

    private Parallel() {}

    /** Body over [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs body over [0, n) in at most THREADS contiguous chunks when the work ({@code n * costPerItem},
     * in rough flops) is large enough to pay for the hand-off; otherwise inline on the caller.
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        if (n <= 0) {
            return;
        }
        long work = (long) n * Math.max(costPerItem, 1);
        if (WORKERS == null || n == 1 || work < 200_000 || !WORKERS.tryRun(n, Math.min(THREADS, n), body)) {
            body.run(0, n);
        }
    }

    /** Chunk c of {@code chunks} over [0, n): [n·c / chunks, n·(c + 1) / chunks). */
    static int chunkStart(int n, int chunk, int chunks) {
        return (int) ((long) n * chunk / chunks);
    }
}
