package org.mbrl4j.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Storage;
import org.mbrl4j.tensor.Tensor;

/** The overlap rules the contracts share, on views of one storage (device-independent). */
class OpArgsTest {
    private final Storage storage = HostStorage.allocate(DType.F32, 12);

    private Tensor view(long offset, int n) {
        return new Tensor(storage, offset, new int[] {n}, false);
    }

    @Test
    void viewsOverlapOnlyWhenTheyShareAnElement() {
        assertTrue(OpArgs.overlap(view(0, 4), view(3, 4)));
        assertFalse(OpArgs.overlap(view(0, 4), view(4, 4)), "adjacent views are disjoint");
        assertFalse(OpArgs.overlap(view(0, 4), view(2, 0)), "an empty view overlaps nothing");
        assertFalse(OpArgs.overlap(view(0, 4), new Tensor(HostStorage.allocate(DType.F32, 4), 0, new int[] {4},
                false)), "different storages never overlap");
    }

    @Test
    void disjointNamesBothArgumentsAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpArgs.disjoint("someOp", "out", view(0, 4), "x", view(2, 4)));
        assertTrue(e.getMessage().startsWith("someOp: out (4) and x (4) overlap"), e.getMessage());
        assertDoesNotThrow(() -> OpArgs.disjoint("someOp", "out", view(0, 4), "x", null));
    }

    @Test
    void pairwiseDisjointFindsAnOverlapBetweenNonNeighbours() {
        // Sorted by offset: a [0, 8), b [1, 2), c [3, 4): a overlaps both, listed last.
        List<Tensor> ts = List.of(view(1, 1), view(3, 1), view(0, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpArgs.pairwiseDisjoint("lerp", ts, List.of("b", "c", "a")));
        assertTrue(e.getMessage().contains("a (8) and b (1) overlap"), e.getMessage());
        assertDoesNotThrow(() -> OpArgs.pairwiseDisjoint("lerp", List.of(view(0, 4), view(4, 4), view(8, 4)),
                List.of("p", "m", "v")));
    }
}
