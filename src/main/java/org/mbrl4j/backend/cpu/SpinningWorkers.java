package org.mbrl4j.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's helper threads for {@link Parallel}: worker w runs chunk w + 1 of each split while the
 * caller runs chunk 0. Between splits a worker spins for {@link #SPIN_NANOS} (a plan is hundreds of ops a few
 * tens of microseconds apart, and waking a parked thread costs more than most of them), then parks until the
 * next split. One split at a time: a caller that finds the workers busy (another thread's split, or a nested
 * call from inside a chunk) is told to run its range inline.
 *
 * <p>Hand-off: the caller publishes each split as a new immutable {@link Job} in the volatile {@code job}; a
 * worker reads it once, so it never mixes the fields of two splits, and runs its chunk if the split has one
 * for it. It counts the job's {@code pending} down when that chunk is done (its writes happen-before the
 * caller's read of zero). A worker about to park sets {@code anyParked} and reads {@code job} again; the
 * caller writes {@code job} and then reads {@code anyParked} (both volatile), so one of the two sees the other
 * and no wake-up is lost.
 */
final class SpinningWorkers {
    /** How long an idle worker polls for the next split before it parks. */
    static final long SPIN_NANOS = 100_000;

    private final Thread[] threads;
    private final boolean[] parked;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Job job = new Job(0, null, 0, 1);
    private volatile boolean anyParked;

    /** One split: its sequence number, body, range and chunk count; chunk c runs on worker c - 1. */
    private static final class Job {
        final long generation;
        Parallel.RangeBody body; // dropped once the split is done, so that it holds no arrays
        final int n;
        final int chunks;
        final AtomicInteger pending;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(long generation, Parallel.RangeBody body, int n, int chunks) {
            this.generation = generation;
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.pending = new AtomicInteger(chunks - 1);
        }

        void run(int chunk) {
            try {
                body.run(Parallel.chunkStart(n, chunk, chunks), Parallel.chunkStart(n, chunk + 1, chunks));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }

    SpinningWorkers(int count) {
        threads = new Thread[count];
        parked = new boolean[count];
        for (int w = 0; w < count; w++) {
            int worker = w;
            threads[w] = Thread.ofPlatform().daemon().name("mbrl4j-cpu-" + (w + 1)).unstarted(() -> loop(worker));
            threads[w].start();
        }
    }

    /**
     * Runs body over [0, n) in {@code chunks} chunks (at most the worker count + 1), chunk 0 on the calling
     * thread, and returns true once every chunk is done; false, having run nothing, when the workers are busy.
     * A chunk's exception is rethrown here after every chunk has finished.
     */
    boolean tryRun(int n, int chunks, Parallel.RangeBody body) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            Job split = new Job(job.generation + 1, body, n, chunks);
            job = split; // publishes it (volatile write; only the busy holder writes job)
            if (anyParked) {
                wakeParked();
            }
            split.run(0);
            awaitWorkers(split);
            split.body = null;
            Throwable t = split.failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    private void wakeParked() {
        for (int w = 0; w < threads.length; w++) {
            if (parked[w]) {
                LockSupport.unpark(threads[w]);
            }
        }
    }

    private static void awaitWorkers(Job split) {
        int spins = 0;
        while (split.pending.get() != 0) {
            if (++spins < 1 << 16) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // a worker was descheduled (a loaded machine): give it the core
            }
        }
    }

    private void loop(int worker) {
        long seen = 0;
        while (true) {
            Job split = awaitJob(worker, seen);
            seen = split.generation;
            int chunk = worker + 1;
            if (chunk < split.chunks) {
                split.run(chunk);
                split.pending.decrementAndGet();
            }
        }
    }

    /** Spins, then parks, until a job after generation {@code seen} is published; returns it. */
    private Job awaitJob(int worker, long seen) {
        Job j = job;
        if (j.generation != seen) {
            return j;
        }
        long deadline = System.nanoTime() + SPIN_NANOS;
        int spins = 0;
        while ((j = job).generation == seen) {
            if ((++spins & 63) != 0 || System.nanoTime() < deadline) {
                Thread.onSpinWait();
                continue;
            }
            synchronized (parked) {
                parked[worker] = true;
                anyParked = true;
            }
            while ((j = job).generation == seen) {
                LockSupport.park(this);
            }
            synchronized (parked) {
                parked[worker] = false;
                anyParked = anyParkedLocked();
            }
            return j;
        }
        return j;
    }

    private boolean anyParkedLocked() {
        for (boolean p : parked) {
            if (p) {
                return true;
            }
        }
        return false;
    }
}
