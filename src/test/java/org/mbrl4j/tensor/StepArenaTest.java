package org.mbrl4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.testing.TestRandom;

class StepArenaTest {
    private final CpuBackend be = new CpuBackend();

    @Test
    void repeatedStepsReuseTheSameBlocksAndOffsets() {
        TestRandom rnd = new TestRandom();
        StepArena arena = new StepArena(be);
        int[][] shapes = new int[20][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = new int[] {rnd.nextInt(1, 700), rnd.nextInt(1, 900)};
        }
        long[] offsets = new long[shapes.length];
        Storage[] storages = new Storage[shapes.length];
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < shapes.length; i++) {
                Tensor t = arena.allocate(shapes[i]);
                assertEquals(0, t.offset() % StepArena.ALIGN_ELEMENTS, "aligned offset");
                if (step == 0) {
                    offsets[i] = t.offset();
                    storages[i] = t.storage();
                } else {
                    assertEquals(offsets[i], t.offset(), "same offset in step " + step + ", seed " + rnd.seed());
                    assertSame(storages[i], t.storage(), "same block in step " + step);
                }
            }
            long blocks = arena.blocksAllocated();
            arena.reset();
            assertEquals(blocks, arena.blocksAllocated());
        }
    }

    @Test
    void tensorsOfOneStepNeverOverlap() {
        StepArena arena = new StepArena(be);
        Tensor a = arena.allocate(1000, 1000);
        Tensor b = arena.allocate(3, 5);
        Tensor c = arena.allocate(2_000_000);
        be.fill(a, 1f);
        be.fill(b, 2f);
        be.fill(c, 3f);
        for (float v : be.toArray(a)) {
            assertEquals(1f, v);
        }
        for (float v : be.toArray(b)) {
            assertEquals(2f, v);
        }
        assertNotSame(a.storage(), c.storage(), "an oversized request gets its own block");
        assertTrue(arena.zeros(DType.F32, false, 7).numel() == 7);
        for (float v : be.toArray(arena.zeros(DType.F32, false, 64))) {
            assertEquals(0f, v);
        }
    }

    @Test
    void intAndFloatPoolsAreSeparate() {
        StepArena arena = new StepArena(be);
        Tensor f = arena.allocate(DType.F32, false, 10);
        Tensor i = arena.allocate(DType.I32, false, 10);
        assertEquals(DType.F32, f.dtype());
        assertEquals(DType.I32, i.dtype());
        assertThrows(IllegalStateException.class, i::floats);
    }
}
