package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/**
 * The CPU backend's split executor: every index runs exactly once, in the documented chunks, split after
 * split (spinning and parked workers alike); exceptions come back to the caller, which can split again; a
 * nested or concurrent split is refused and runs nothing.
 */
class SpinningWorkersTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void everyIndexRunsOnceInItsChunkSplitAfterSplit() {
        SpinningWorkers workers = new SpinningWorkers(3);
        TestRandom rnd = new TestRandom();
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int split = 0; split < 3000; split++) {
                int n = 1 + rnd.nextInt(500);
                int chunks = 1 + rnd.nextInt(Math.min(4, n));
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                AtomicIntegerArray chunkOf = new AtomicIntegerArray(n);
                Thread caller = Thread.currentThread();
                AtomicIntegerArray onCaller = new AtomicIntegerArray(n);
                assertTrue(workers.tryRun(n, chunks, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        runs.incrementAndGet(i);
                        chunkOf.set(i, from);
                        onCaller.set(i, Thread.currentThread() == caller ? 1 : 0);
                    }
                }));
                for (int i = 0; i < n; i++) {
                    assertEquals(1, runs.get(i), "index " + i + " of " + n + " in " + chunks + " chunks, seed " + rnd.seed());
                    int c = 0;
                    while (Parallel.chunkStart(n, c + 1, chunks) <= i) {
                        c++;
                    }
                    assertEquals(Parallel.chunkStart(n, c, chunks), chunkOf.get(i), "chunk start of index " + i);
                    assertEquals(c == 0 ? 1 : 0, onCaller.get(i), "chunk 0 runs on the caller, the others on workers");
                }
                if (split % 500 == 499) {
                    Thread.sleep(SpinningWorkers.SPIN_NANOS / 1_000_000 + 20); // the workers park; the next split wakes them
                }
            }
        });
    }

    @Test
    void aChunksExceptionReachesTheCallerAfterEveryChunkAndTheWorkersServeTheNextSplit() {
        SpinningWorkers workers = new SpinningWorkers(1);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int failing = 0; failing < 2; failing++) {
                int failingChunk = failing;
                AtomicIntegerArray done = new AtomicIntegerArray(2);
                IllegalArgumentException thrown = new IllegalArgumentException("chunk " + failingChunk);
                var e = assertThrows(IllegalArgumentException.class, () -> workers.tryRun(100, 2, (from, to) -> {
                    int chunk = from == 0 ? 0 : 1;
                    if (chunk == failingChunk) {
                        throw thrown;
                    }
                    busyWait(2_000_000);
                    done.set(chunk, 1);
                }));
                assertSame(thrown, e);
                assertEquals(1, done.get(1 - failingChunk), "the other chunk finished before the caller returned");
                int[] out = new int[10];
                assertTrue(workers.tryRun(10, 2, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = i + 1;
                    }
                }));
                assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, out);
            }
        });
    }

    @Test
    void aNestedSplitIsRefusedAndRunsNothing() {
        SpinningWorkers workers = new SpinningWorkers(1);
        List<Boolean> nested = new ArrayList<>();
        AtomicIntegerArray inner = new AtomicIntegerArray(1);
        assertTimeoutPreemptively(LIMIT, () -> assertTrue(workers.tryRun(2, 2, (from, to) -> {
            if (from == 0) {
                boolean ran = workers.tryRun(4, 2, (a, b) -> inner.incrementAndGet(0));
                synchronized (nested) {
                    nested.add(ran);
                }
            }
        })));
        assertEquals(List.of(false), nested);
        assertEquals(0, inner.get(0));
    }

    @Test
    void concurrentCallersEachGetTheWorkersOrRunInlineAndEveryRangeIsCoveredOnce() throws Exception {
        SpinningWorkers workers = new SpinningWorkers(1);
        int callers = 4;
        int splits = 500;
        CyclicBarrier start = new CyclicBarrier(callers);
        AtomicIntegerArray refused = new AtomicIntegerArray(callers);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int s = 0; s < splits; s++) {
                        int n = 50 + s % 37;
                        AtomicIntegerArray runs = new AtomicIntegerArray(n);
                        Parallel.RangeBody body = (from, to) -> {
                            for (int i = from; i < to; i++) {
                                runs.incrementAndGet(i);
                            }
                        };
                        if (!workers.tryRun(n, 2, body)) {
                            refused.incrementAndGet(caller);
                            body.run(0, n); // what Parallel.forRange does then
                        }
                        for (int i = 0; i < n; i++) {
                            if (runs.get(i) != 1) {
                                throw new AssertionError("caller " + caller + " split " + s + " index " + i + " ran " + runs.get(i));
                            }
                        }
                    }
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(LIMIT.toMillis());
            assertFalse(t.isAlive(), "a caller hung");
        }
        assertEquals(List.of(), failures);
        int total = 0;
        for (int c = 0; c < callers; c++) {
            total += refused.get(c);
        }
        assertTrue(total < callers * splits, "some splits got the workers");
    }

    private static void busyWait(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
