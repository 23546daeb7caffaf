package org.mbrl4j.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges over the CPU backend's threads. Small ranges run inline: forking costs a few
 * microseconds, which would dominate the small ops of a planning step.
 */
public final class Parallel {
    /** Threads used by the CPU backend; {@code -Dmbrl.cpu.threads=N} overrides the core count. */
    public static final int THREADS = Integer.getInteger("mbrl.cpu.threads", Runtime.getRuntime().availableProcessors());

    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Parallel() {}

    /** Body over [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs body over [0, n) in at most THREADS contiguous chunks when the work ({@code n * costPerItem},
     * in rough flops) is large enough to pay for the fork; otherwise inline on the caller.
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        if (n <= 0) {
            return;
        }
        long work = (long) n * Math.max(costPerItem, 1);
        if (POOL == null || n == 1 || work < 200_000 || ForkJoinTask.getPool() == POOL) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(THREADS, n);
        POOL.invoke(new Chunk(body, n, 0, chunks));
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int n;
        private final int firstChunk;
        private final int chunkCount;

        Chunk(RangeBody body, int n, int firstChunk, int chunkCount) {
            this.body = body;
            this.n = n;
            this.firstChunk = firstChunk;
            this.chunkCount = chunkCount;
        }

        @Override
        protected void compute() {
            if (chunkCount == 1) {
                int total = Math.min(THREADS, n);
                int from = (int) ((long) n * firstChunk / total);
                int to = (int) ((long) n * (firstChunk + 1) / total);
                body.run(from, to);
                return;
            }
            int half = chunkCount / 2;
            invokeAll(new Chunk(body, n, firstChunk, half), new Chunk(body, n, firstChunk + half, chunkCount - half));
        }
    }
}
