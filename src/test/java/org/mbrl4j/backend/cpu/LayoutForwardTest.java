package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertClose;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertRejects;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.coords;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.flat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Layout ops against coordinate arithmetic written here; data movement is exact. */
class LayoutForwardTest {
    private static final int[] SHAPE = {3, 4, 5};

    private final Backend be = new CpuBackend();
    private final LayoutOps ops = be.layout();
    private final TestRandom rnd = new TestRandom();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void concatAndSplitPlaceEveryElement(int axis) {
        int[] sizes = {2, 1, 3};
        List<Tensor> parts = new ArrayList<>();
        for (int s : sizes) {
            parts.add(rnd.uniform(be, false, -1, 1, Shapes.with(SHAPE, axis, s)));
        }
        int[] outShape = Shapes.with(SHAPE, axis, 6);
        Tensor out = be.zeros(outShape);
        ops.concat(parts, axis, out);
        float[] ov = be.toArray(out);
        double[] expected = new double[ov.length];
        for (int p = 0, start = 0; p < parts.size(); start += sizes[p], p++) {
            float[] pv = be.toArray(parts.get(p));
            int[] pShape = parts.get(p).shape();
            for (int i = 0; i < pv.length; i++) {
                int[] c = coords(i, pShape);
                c[axis] += start;
                expected[flat(c, outShape)] = pv[i];
            }
        }
        assertClose("concat axis " + axis, expected, ov, 0, 0, rnd.seed());

        List<Tensor> back = new ArrayList<>();
        for (int s : sizes) {
            back.add(be.zeros(Shapes.with(SHAPE, axis, s)));
        }
        ops.split(out, axis - SHAPE.length, back); // negative axis
        for (int p = 0; p < sizes.length; p++) {
            assertArrayEquals(be.toArray(parts.get(p)), be.toArray(back.get(p)), "split part " + p + " axis " + axis
                    + ", seed " + rnd.seed());
        }
    }

    @Test
    void backwardsAccumulate() {
        int axis = 1;
        Tensor dout = rnd.uniform(be, false, -1, 1, 3, 6, 5);
        Tensor d0 = rnd.uniform(be, false, -1, 1, 3, 2, 5);
        Tensor d1 = rnd.uniform(be, false, -1, 1, 3, 4, 5);
        float[] d00 = be.toArray(d0);
        float[] d10 = be.toArray(d1);
        float[] g = be.toArray(dout);
        ops.concatBackward(dout, axis, Arrays.asList(d0, d1));
        double[] exp0 = new double[d00.length];
        double[] exp1 = new double[d10.length];
        for (int i = 0; i < g.length; i++) {
            int[] c = coords(i, new int[] {3, 6, 5});
            if (c[1] < 2) {
                exp0[flat(c, new int[] {3, 2, 5})] = (float) (d00[flat(c, new int[] {3, 2, 5})] + (double) g[i]);
            } else {
                c[1] -= 2;
                exp1[flat(c, new int[] {3, 4, 5})] = (float) (d10[flat(c, new int[] {3, 4, 5})] + (double) g[i]);
            }
        }
        assertClose("concatBackward part 0", exp0, be.toArray(d0), 0, 0, rnd.seed());
        assertClose("concatBackward part 1", exp1, be.toArray(d1), 0, 0, rnd.seed());

        // One null entry: its size is inferred, the other part still gets its slice.
        be.upload(d10, 0, d1);
        ops.concatBackward(dout, axis, Arrays.asList(null, d1));
        assertClose("concatBackward with a null part", exp1, be.toArray(d1), 0, 0, rnd.seed());

        // splitBackward and sliceBackward add into dx.
        Tensor dx = rnd.uniform(be, false, -1, 1, 3, 6, 5);
        float[] dx0 = be.toArray(dx);
        ops.splitBackward(List.of(be.fromArray(d00, 3, 2, 5), be.fromArray(d10, 3, 4, 5)), axis, dx);
        ops.sliceBackward(be.fromArray(d10, 3, 4, 5), axis, 2, dx);
        double[] expDx = new double[dx0.length];
        for (int i = 0; i < dx0.length; i++) {
            int[] c = coords(i, new int[] {3, 6, 5});
            if (c[1] < 2) {
                expDx[i] = (float) (dx0[i] + (double) d00[flat(c, new int[] {3, 2, 5})]);
            } else {
                c[1] -= 2;
                float v = d10[flat(c, new int[] {3, 4, 5})];
                expDx[i] = (float) ((float) (dx0[i] + (double) v) + (double) v);
            }
        }
        assertClose("splitBackward + sliceBackward", expDx, be.toArray(dx), 0, 0, rnd.seed());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void sliceCopiesTheWindow(int axis) {
        Tensor x = rnd.uniform(be, false, -1, 1, SHAPE);
        float[] xv = be.toArray(x);
        int start = 1;
        int len = SHAPE[axis] - 2;
        int[] outShape = Shapes.with(SHAPE, axis, len);
        Tensor out = be.zeros(outShape);
        ops.slice(x, axis, start, out);
        float[] ov = be.toArray(out);
        double[] expected = new double[ov.length];
        for (int i = 0; i < ov.length; i++) {
            int[] c = coords(i, outShape);
            c[axis] += start;
            expected[i] = xv[flat(c, SHAPE)];
        }
        assertClose("slice axis " + axis, expected, ov, 0, 0, rnd.seed());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void indexSelectAndRepeatedIndexBackward(int axis) {
        Tensor x = rnd.uniform(be, false, -1, 1, SHAPE);
        float[] xv = be.toArray(x);
        int[] idx = {SHAPE[axis] - 1, 0, SHAPE[axis] - 1, 1, SHAPE[axis] - 1};
        Tensor index = be.fromArray(idx, idx.length);
        int[] outShape = Shapes.with(SHAPE, axis, idx.length);
        Tensor out = be.zeros(outShape);
        ops.indexSelect(x, axis, index, out);
        Tensor dout = rnd.uniform(be, false, -1, 1, outShape);
        float[] g = be.toArray(dout);
        Tensor dx = be.zeros(SHAPE);
        ops.indexSelectBackward(dout, axis, index, dx);
        double[] expected = new double[g.length];
        double[] expDx = new double[xv.length];
        for (int i = 0; i < g.length; i++) {
            int[] c = coords(i, outShape);
            c[axis] = idx[c[axis]];
            expected[i] = xv[flat(c, SHAPE)];
            expDx[flat(c, SHAPE)] += g[i];
        }
        assertClose("indexSelect axis " + axis, expected, be.toArray(out), 0, 0, rnd.seed());
        assertClose("indexSelectBackward axis " + axis, expDx, be.toArray(dx), 1e-6, 1e-6, rnd.seed());
    }

    /** torch.gather, including an index smaller than x off the axis and longer along it. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void gatherAndScatterAdd(int axis) {
        Tensor x = rnd.uniform(be, false, -1, 1, SHAPE);
        float[] xv = be.toArray(x);
        int[] indexShape = {2, 3, 4};
        indexShape[axis] = SHAPE[axis] + 2;
        Tensor index = rnd.ints(be, 0, SHAPE[axis], indexShape);
        int[] iv = be.toIntArray(index);
        Tensor out = be.zeros(indexShape);
        ops.gather(x, axis, index, out);
        Tensor dout = rnd.uniform(be, false, -1, 1, indexShape);
        float[] g = be.toArray(dout);
        Tensor dx = be.zeros(SHAPE);
        ops.gatherBackward(dout, axis, index, dx);
        double[] expected = new double[iv.length];
        double[] expDx = new double[xv.length];
        for (int p = 0; p < iv.length; p++) {
            int[] c = coords(p, indexShape);
            c[axis] = iv[p];
            expected[p] = xv[flat(c, SHAPE)];
            expDx[flat(c, SHAPE)] += g[p];
        }
        assertClose("gather axis " + axis, expected, be.toArray(out), 0, 0, rnd.seed());
        assertClose("gatherBackward axis " + axis, expDx, be.toArray(dx), 1e-6, 1e-6, rnd.seed());
    }

    @Test
    void copiesIntTensors() {
        Tensor a = be.fromArray(new int[] {1, 2, 3, 4}, 2, 2);
        Tensor b = be.fromArray(new int[] {5, 6}, 2, 1);
        Tensor out = be.tensor(DType.I32, false, 2, 3);
        ops.concat(List.of(a, b), 1, out);
        assertArrayEquals(new int[] {1, 2, 5, 3, 4, 6}, be.toIntArray(out));
        Tensor sel = be.tensor(DType.I32, false, 2, 2);
        ops.indexSelect(out, 1, be.fromArray(new int[] {2, 0}, 2), sel);
        assertArrayEquals(new int[] {5, 1, 6, 3}, be.toIntArray(sel));
    }

    @Test
    void rejectsBadShapesAndIndices() {
        Tensor x = be.zeros(SHAPE);
        assertRejects(() -> ops.indexSelect(x, 1, be.fromArray(new int[] {0, 4, 2}, 3), be.zeros(3, 3, 5)),
                "indexSelect", "index element 1", "is 4", "[0, 4)", "axis 1");
        assertRejects(() -> ops.indexSelect(x, 1, be.fromArray(new int[] {-1}, 1), be.zeros(3, 1, 5)),
                "indexSelect", "is -1");
        assertRejects(() -> ops.indexSelect(x, 1, be.fromArray(new float[] {0}, 1), be.zeros(3, 1, 5)),
                "indexSelect", "index must be I32");
        Tensor badIndex = be.fromArray(new int[] {0, 5, 1, 2}, 2, 2, 1);
        assertRejects(() -> ops.gather(x, 2, badIndex, be.zeros(2, 2, 1)), "gather", "index element 1", "is 5",
                "[0, 5)");
        assertRejects(() -> ops.gather(x, 0, be.fromArray(new int[] {0, 1}, 2), be.zeros(2)), "gather",
                "index (2)", "rank");
        assertRejects(() -> ops.gather(x, 0, be.tensor(DType.I32, false, 1, 5, 1), be.zeros(1, 5, 1)), "gather",
                "no larger");
        assertRejects(() -> ops.concat(List.of(be.zeros(3, 4, 5), be.zeros(3, 2, 4)), 1, be.zeros(3, 6, 5)),
                "concat", "xs[1] (3, 2, 4)", "axis 1");
        assertRejects(() -> ops.concat(List.of(be.zeros(3, 4, 5), be.zeros(3, 2, 5)), 1, be.zeros(3, 7, 5)),
                "concat", "sum to 6", "has 7");
        assertRejects(() -> ops.split(x, 3, List.of(x)), "split", "axis 3", "rank 3");
        assertRejects(() -> ops.slice(x, 2, 3, be.zeros(3, 4, 3)), "slice", "window [3, 6)", "(3, 4, 5)");
        assertRejects(() -> ops.concatBackward(be.zeros(3, 6), 1, Arrays.asList(null, null, be.zeros(3, 2))),
                "concatBackward", "2 of 3", "at most one");
    }
}
