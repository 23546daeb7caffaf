package org.mbrl4j.backend.cuda.parity;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.tensor.Tensor;

/** Parity of kernels/layout.cu: copies are exact; scatter-add backwards with repeats are atomics. */
abstract class LayoutParityCases extends ParityCases {

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void concatSplitSlice(int rows, int cols) {
        for (int axis = 0; axis < 2; axis++) {
            int len = axis == 0 ? rows : cols;
            int first = Math.max(0, len / 3);
            int[] whole = {rows, cols};
            int[] partA = axis == 0 ? new int[] {first, cols} : new int[] {rows, first};
            int[] partB = axis == 0 ? new int[] {rows - first, cols} : new int[] {rows, cols - first};
            ParityRun r = run("concat/split/slice axis " + axis, whole);
            ParityRun.Pair a = r.uniform(-1f, 1f, partA);
            ParityRun.Pair b = r.uniform(-1f, 1f, partB);
            ParityRun.Pair out = r.out(whole);
            final int ax = axis;
            r.apply(be -> be.layout().concat(List.of(a.on(be), b.on(be)), ax, out.on(be)));
            r.check("concat out", out, Tol.exact());
            ParityRun.Pair sa = r.out(partA);
            ParityRun.Pair sb = r.out(partB);
            r.apply(be -> be.layout().split(out.on(be), ax, List.of(sa.on(be), sb.on(be))));
            r.check("split outs[1]", sb, Tol.exact());
            ParityRun.Pair dout = r.uniform(-1f, 1f, whole);
            ParityRun.Pair da = r.acc(partA);
            ParityRun.Pair db = r.acc(partB);
            r.apply(be -> be.layout().concatBackward(dout.on(be), ax, listOf(da.on(be), db.on(be))));
            r.check("concat dxs[1]", db, Tol.exact());
            ParityRun.Pair dx = r.acc(whole);
            r.apply(be -> be.layout().splitBackward(List.of(da.on(be), db.on(be)), ax, dx.on(be)));
            r.check("split dx", dx, Tol.exact());
            ParityRun.Pair slice = r.out(partB);
            r.apply(be -> be.layout().slice(out.on(be), ax, first, slice.on(be)));
            r.check("slice out", slice, Tol.exact());
            r.apply(be -> be.layout().sliceBackward(slice.on(be), ax, first, dx.on(be)));
            r.check("slice dx", dx, Tol.exact());
        }
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void indexSelectAndGather(int rows, int cols) {
        ParityRun r = run("indexSelect/gather", rows, cols);
        ParityRun.Pair x = r.uniform(-1f, 1f, rows, cols);
        int n = 2 * rows + 1;
        ParityRun.Pair index = r.ints(0, rows, n); // repeats included
        ParityRun.Pair out = r.out(n, cols);
        r.apply(be -> be.layout().indexSelect(x.on(be), 0, index.on(be), out.on(be)));
        r.check("indexSelect out", out, Tol.exact());
        ParityRun.Pair dx = r.acc(rows, cols);
        ParityRun.Pair dout = r.uniform(-1f, 1f, n, cols);
        r.apply(be -> be.layout().indexSelectBackward(dout.on(be), 0, index.on(be), dx.on(be)));
        // atomicAdd in any order vs the CPU's index order: (repeats + 1)·u·(|dx0| + Σ|terms|) per element
        double[] bound = scatterBound(dx.cpuValues(), dout.cpuValues(), index.run().cpu.toIntArray(index.cpu()), cols,
                false);
        r.check("indexSelect dx", dx, Tol.perElement(0, bound, "(repeats + 1)·u·Σ|terms| (header: atomics)"));
        ParityRun.Pair gidx = r.ints(0, cols, rows, 3 * cols);
        ParityRun.Pair g = r.out(rows, 3 * cols);
        r.apply(be -> be.layout().gather(x.on(be), 1, gidx.on(be), g.on(be)));
        r.check("gather out", g, Tol.exact());
        ParityRun.Pair gdout = r.uniform(-1f, 1f, rows, 3 * cols);
        ParityRun.Pair gdx = r.acc(rows, cols);
        r.apply(be -> be.layout().gatherBackward(gdout.on(be), 1, gidx.on(be), gdx.on(be)));
        double[] gBound = scatterBound(gdx.cpuValues(), gdout.cpuValues(), gidx.run().cpu.toIntArray(gidx.cpu()),
                cols, true);
        r.check("gather dx", gdx, Tol.perElement(0, gBound, "(repeats + 1)·u·Σ|terms| (header: atomics)"));
    }

    /**
     * Per-element bound for a scatter-add into dx (M, F) (its final CPU values given): index_select
     * along axis 0 (dout (len(index), F)) or gather along axis 1 (index and dout (M, their own width)).
     */
    private static double[] scatterBound(float[] dxFinal, float[] dout, int[] index, int cols, boolean gather) {
        double[] abs = new double[dxFinal.length];
        int[] count = new int[dxFinal.length];
        for (int q = 0; q < dout.length; q++) {
            int target = gather ? (q / (dout.length / (dxFinal.length / cols))) * cols + index[q]
                    : index[q / cols] * cols + q % cols;
            abs[target] += Math.abs(dout[q]);
            count[target]++;
        }
        double[] out = new double[abs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (count[i] + 2) * Tol.U * (abs[i] + Math.abs(dxFinal[i]) + 1);
        }
        return out;
    }

    private static List<Tensor> listOf(Tensor... ts) {
        return new ArrayList<>(List.of(ts));
    }
}
