package org.mbrl4j.autograd;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** Gradient checks of {@link LayoutFn}: concat, split, slice, index-select, gather. */
class LayoutGradCheckTest {
    private final Backend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1})
    void concat(int axis) {
        int ax = Math.floorMod(axis, 3);
        Tensor a = rnd.uniform(be, true, -1, 1, Shapes.with(new int[] {2, 3, 4}, ax, 1));
        Tensor b = rnd.uniform(be, true, -1, 1, Shapes.with(new int[] {2, 3, 4}, ax, 3));
        Tensor c = rnd.uniform(be, true, -1, 1, Shapes.with(new int[] {2, 3, 4}, ax, 2));
        GradCheck.of("concat axis " + axis).check(be, rnd, List.of(a, b, c), g -> LayoutFn.concat(g, axis, a, b, c));
    }

    /** Inputs without gradient: the first is skipped (null), later ones absorb into scratch. */
    @Test
    void concatWithConstantInputs() {
        Tensor k1 = rnd.uniform(be, false, -1, 1, 3, 2);
        Tensor a = rnd.uniform(be, true, -1, 1, 3, 4);
        Tensor k2 = rnd.uniform(be, false, -1, 1, 3, 1);
        Tensor b = rnd.uniform(be, true, -1, 1, 3, 3);
        Tensor k3 = rnd.uniform(be, false, -1, 1, 3, 2);
        GradCheck.of("concat with constants").check(be, rnd, List.of(a, b),
                g -> LayoutFn.concat(g, 1, k1, a, k2, b, k3));
    }

    /** Split, then concat all but the middle part in reverse: routes every slice and drops one. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1})
    void split(int axis) {
        int ax = Math.floorMod(axis, 3);
        Tensor x = rnd.uniform(be, true, -1, 1, Shapes.with(new int[] {3, 4, 5}, ax, 6));
        GradCheck.of("split axis " + axis).check(be, rnd, List.of(x), g -> {
            List<Tensor> parts = LayoutFn.split(g, x, axis, 2, 1, 3);
            return LayoutFn.concat(g, axis, parts.get(2), parts.get(0));
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1})
    void slice(int axis) {
        Tensor x = rnd.uniform(be, true, -1, 1, 5, 6, 7);
        GradCheck.of("slice axis " + axis).check(be, rnd, List.of(x), g -> LayoutFn.slice(g, x, axis, 1, 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void indexSelectWithRepeats(int axis) {
        Tensor x = rnd.uniform(be, true, -1, 1, 3, 5, 4);
        int bound = x.dim(axis);
        int[] idx = {bound - 1, 0, bound - 1, 1, bound - 1, 0};
        Tensor index = be.fromArray(idx, idx.length);
        GradCheck.of("indexSelect axis " + axis).check(be, rnd, List.of(x),
                g -> LayoutFn.indexSelect(g, x, axis, index));
    }

    /** Batch axis: x (B=3, T=5, 4), index (2, 5, 4) of batch rows. */
    @Test
    void gatherBatchAxis() {
        Tensor x = rnd.uniform(be, true, -1, 1, 3, 5, 4);
        Tensor index = rnd.ints(be, 0, 3, 2, 5, 4);
        GradCheck.of("gather axis 0").check(be, rnd, List.of(x), g -> LayoutFn.gather(g, x, 0, index));
    }

    /** Time axis: index longer than x along the axis (repeats) and smaller in the other dims. */
    @Test
    void gatherTimeAxis() {
        Tensor x = rnd.uniform(be, true, -1, 1, 3, 5, 4);
        Tensor index = rnd.ints(be, 0, 5, 3, 7, 4);
        GradCheck.of("gather axis 1").check(be, rnd, List.of(x), g -> LayoutFn.gather(g, x, 1, index));
        Tensor small = rnd.ints(be, 0, 5, 2, 3, 2);
        GradCheck.of("gather axis 1, smaller index").check(be, rnd, List.of(x), g -> LayoutFn.gather(g, x, 1, small));
    }
}
