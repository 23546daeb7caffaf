package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.util.Arrays;
import java.util.List;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link LayoutOps} on kernels/layout.cu: every op views its tensors as (outer, len, inner) around
 * the axis; concat and split launch once per part. Forwards of concat, split, slice and index-select
 * move F32 or I32 data (the kernels copy 32-bit words); gather and every backward are F32.
 *
 * <p>Differences from the CPU backend, both because index values live on the device and reading them
 * would be an implicit copy: indices are not range-checked (an index outside [0, len) makes the
 * forward write NaN and the backward skip it), and gather needs index's shape equal to x's in every
 * dim but the axis (the CPU also accepts a smaller index there).
 */
final class CudaLayoutOps implements LayoutOps {
    private final ModuleKernels k;

    CudaLayoutOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "layout");
    }

    /** (outer, len, inner) of a shape around axis {@code ax}. */
    record Box(int outer, int len, int inner) {
        static Box of(String op, int[] shape, int ax) {
            long outer = 1;
            long inner = 1;
            for (int i = 0; i < ax; i++) {
                outer *= shape[i];
            }
            for (int i = ax + 1; i < shape.length; i++) {
                inner *= shape[i];
            }
            Checks.fitsInt(op, "numel", Shapes.numel(shape));
            return new Box((int) outer, shape[ax], (int) inner);
        }

        boolean empty() {
            return outer == 0 || inner == 0;
        }
    }

    @Override
    public void concat(List<Tensor> xs, int axis, Tensor out) {
        String op = "concat";
        requireParts(op, "xs", xs);
        long po = Checks.device(op, "out", out);
        int ax = Shapes.axis(op, axis, out.rank());
        int[] sizes = partSizes(op, "xs", xs, ax, out, "out");
        requireSum(op, "xs", sizes, ax, out, "out");
        long[] px = new long[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            px[i] = Checks.device(op, "xs[" + i + "]", xs.get(i));
            requireSameDType(op, "xs[" + i + "]", xs.get(i), "out", out);
            Checks.disjoint(op, "out", out, "xs[" + i + "]", xs.get(i));
        }
        Box whole = Box.of(op, out.shape(), ax);
        for (int i = 0, offset = 0; i < xs.size(); offset += sizes[i], i++) {
            if (!whole.empty() && sizes[i] > 0) {
                k.launch("concat_forward", grid(whole, sizes[i]), Grids.THREADS, shapes(op, xs.get(i), out), ptr(px[i]),
                        ptr(po), i32(whole.outer), i32(sizes[i]), i32(whole.inner), i32(whole.len), i32(offset));
            }
        }
    }

    /** At most one entry of dxs may be null; its size is dout's length along the axis minus the others'. */
    @Override
    public void concatBackward(Tensor dout, int axis, List<Tensor> dxs) {
        String op = "concatBackward";
        long pg = Checks.f32(op, "dout", dout);
        if (dxs == null || dxs.isEmpty()) {
            throw new IllegalArgumentException(op + ": dxs must list at least one gradient");
        }
        int ax = Shapes.axis(op, axis, dout.rank());
        long nulls = dxs.stream().filter(t -> t == null).count();
        if (nulls > 1) {
            throw new IllegalArgumentException(op + ": " + nulls + " of " + dxs.size() + " dxs are null; at most one may"
                    + " be null, since a skipped part's size is inferred from dout " + Shapes.str(dout.shape()));
        }
        int[] sizes = partSizes(op, "dxs", dxs, ax, dout, "dout");
        if (nulls == 1) {
            int missing = dxs.indexOf(null);
            sizes[missing] = dout.dim(ax) - Arrays.stream(sizes).sum();
            if (sizes[missing] < 0) {
                throw new IllegalArgumentException(op + ": dxs sizes along axis " + axis + " exceed dout "
                        + Shapes.str(dout.shape()));
            }
        }
        requireSum(op, "dxs", sizes, ax, dout, "dout");
        Box whole = Box.of(op, dout.shape(), ax);
        for (int i = 0, offset = 0; i < dxs.size(); offset += sizes[i], i++) {
            Tensor dx = dxs.get(i);
            if (dx == null) {
                continue;
            }
            long pdx = Checks.f32(op, "dxs[" + i + "]", dx);
            Checks.disjoint(op, "dxs[" + i + "]", dx, "dout", dout);
            if (!whole.empty() && sizes[i] > 0) {
                k.launch("concat_backward", grid(whole, sizes[i]), Grids.THREADS, shapes(op, dx, dout), ptr(pg), ptr(pdx),
                        i32(whole.outer), i32(sizes[i]), i32(whole.inner), i32(whole.len), i32(offset));
            }
        }
    }

    @Override
    public void split(Tensor x, int axis, List<Tensor> outs) {
        String op = "split";
        requireParts(op, "outs", outs);
        long px = Checks.device(op, "x", x);
        int ax = Shapes.axis(op, axis, x.rank());
        int[] sizes = partSizes(op, "outs", outs, ax, x, "x");
        requireSum(op, "outs", sizes, ax, x, "x");
        Box whole = Box.of(op, x.shape(), ax);
        for (int i = 0, start = 0; i < outs.size(); start += sizes[i], i++) {
            Tensor out = outs.get(i);
            long po = Checks.device(op, "outs[" + i + "]", out);
            requireSameDType(op, "outs[" + i + "]", out, "x", x);
            Checks.disjoint(op, "outs[" + i + "]", out, "x", x);
            if (!whole.empty() && sizes[i] > 0) {
                k.launch("slice_forward", grid(whole, sizes[i]), Grids.THREADS, shapes(op, x, out), ptr(px), ptr(po),
                        i32(whole.outer), i32(whole.len), i32(whole.inner), i32(start), i32(sizes[i]));
            }
        }
    }

    @Override
    public void splitBackward(List<Tensor> douts, int axis, Tensor dx) {
        String op = "splitBackward";
        long pdx = Checks.f32(op, "dx", dx);
        requireParts(op, "douts", douts);
        int ax = Shapes.axis(op, axis, dx.rank());
        int[] sizes = partSizes(op, "douts", douts, ax, dx, "dx");
        requireSum(op, "douts", sizes, ax, dx, "dx");
        Box whole = Box.of(op, dx.shape(), ax);
        for (int i = 0, start = 0; i < douts.size(); start += sizes[i], i++) {
            long pg = Checks.f32(op, "douts[" + i + "]", douts.get(i));
            Checks.disjoint(op, "dx", dx, "douts[" + i + "]", douts.get(i));
            if (!whole.empty() && sizes[i] > 0) {
                k.launch("slice_backward", grid(whole, sizes[i]), Grids.THREADS, shapes(op, douts.get(i), dx), ptr(pg),
                        ptr(pdx), i32(whole.outer), i32(whole.len), i32(whole.inner), i32(start), i32(sizes[i]));
            }
        }
    }

    @Override
    public void slice(Tensor x, int axis, int start, Tensor out) {
        String op = "slice";
        long px = Checks.device(op, "x", x);
        long po = Checks.device(op, "out", out);
        int ax = Shapes.axis(op, axis, x.rank());
        requireSameDType(op, "out", out, "x", x);
        requireWindow(op, x, "x", ax, start, out, "out");
        Checks.disjoint(op, "out", out, "x", x);
        Box whole = Box.of(op, x.shape(), ax);
        int len = out.dim(ax);
        if (!whole.empty() && len > 0) {
            k.launch("slice_forward", grid(whole, len), Grids.THREADS, shapes(op, x, out) + " start=" + start, ptr(px),
                    ptr(po), i32(whole.outer), i32(whole.len), i32(whole.inner), i32(start), i32(len));
        }
    }

    @Override
    public void sliceBackward(Tensor dout, int axis, int start, Tensor dx) {
        String op = "sliceBackward";
        long pg = Checks.f32(op, "dout", dout);
        long pdx = Checks.f32(op, "dx", dx);
        int ax = Shapes.axis(op, axis, dx.rank());
        requireWindow(op, dx, "dx", ax, start, dout, "dout");
        Checks.disjoint(op, "dx", dx, "dout", dout);
        Box whole = Box.of(op, dx.shape(), ax);
        int len = dout.dim(ax);
        if (!whole.empty() && len > 0) {
            k.launch("slice_backward", grid(whole, len), Grids.THREADS, shapes(op, dout, dx) + " start=" + start, ptr(pg),
                    ptr(pdx), i32(whole.outer), i32(whole.len), i32(whole.inner), i32(start), i32(len));
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        String op = "indexSelect";
        long px = Checks.device(op, "x", x);
        int ax = Shapes.axis(op, axis, x.rank());
        long pi = indexVector(op, index);
        long po = Checks.device(op, "out", out);
        requireSameDType(op, "out", out, "x", x);
        Shapes.requireShape(op, "out", out, Shapes.with(x.shape(), ax, index.dim(0)));
        Checks.disjoint(op, "out", out, "x", x);
        Box box = Box.of(op, x.shape(), ax);
        int n = index.dim(0);
        Checks.fitsInt(op, "numel(out)", out.numel());
        if (!box.empty() && n > 0) {
            k.launch("index_select_forward", grid(box, n), Grids.THREADS, shapes(op, x, out), ptr(px), ptr(pi), ptr(po),
                    i32(box.outer), i32(box.len), i32(box.inner), i32(n));
        }
    }

    @Override
    public void indexSelectBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        String op = "indexSelectBackward";
        long pg = Checks.f32(op, "dout", dout);
        long pdx = Checks.f32(op, "dx", dx);
        int ax = Shapes.axis(op, axis, dx.rank());
        long pi = indexVector(op, index);
        Shapes.requireShape(op, "dout", dout, Shapes.with(dx.shape(), ax, index.dim(0)));
        Checks.disjoint(op, "dx", dx, "dout", dout);
        Box box = Box.of(op, dx.shape(), ax);
        int n = index.dim(0);
        Checks.fitsInt(op, "numel(dout)", dout.numel());
        if (!box.empty() && n > 0) {
            k.launch("index_select_backward", grid(box, n), Grids.THREADS, shapes(op, dout, dx), ptr(pg), ptr(pi),
                    ptr(pdx), i32(box.outer), i32(box.len), i32(box.inner), i32(n));
        }
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        String op = "gather";
        long px = Checks.f32(op, "x", x);
        int ax = Shapes.axis(op, axis, x.rank());
        long pi = gatherIndex(op, x, "x", ax, index);
        long po = Checks.f32(op, "out", out, index.shape());
        Checks.disjoint(op, "out", out, "x", x);
        Box box = Box.of(op, x.shape(), ax);
        int n = index.dim(ax);
        if (!box.empty() && n > 0) {
            k.launch("gather_forward", grid(box, n), Grids.THREADS, shapes(op, x, out), ptr(px), ptr(pi), ptr(po),
                    i32(box.outer), i32(box.len), i32(box.inner), i32(n));
        }
    }

    @Override
    public void gatherBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        String op = "gatherBackward";
        long pg = Checks.f32(op, "dout", dout);
        long pdx = Checks.f32(op, "dx", dx);
        int ax = Shapes.axis(op, axis, dx.rank());
        long pi = gatherIndex(op, dx, "dx", ax, index);
        Shapes.requireShape(op, "dout", dout, index.shape());
        Checks.disjoint(op, "dx", dx, "dout", dout);
        Box box = Box.of(op, dx.shape(), ax);
        int n = index.dim(ax);
        if (!box.empty() && n > 0) {
            k.launch("gather_backward", grid(box, n), Grids.THREADS, shapes(op, dout, dx), ptr(pg), ptr(pi), ptr(pdx),
                    i32(box.outer), i32(box.len), i32(box.inner), i32(n));
        }
    }

    // ---- validation ----

    private static Dim3 grid(Box box, int len) {
        return Grids.strided((long) box.outer * len * box.inner, Grids.THREADS);
    }

    private static void requireParts(String op, String arg, List<Tensor> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException(op + ": " + arg + " must list at least one tensor");
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == null) {
                throw new IllegalArgumentException(op + ": " + arg + "[" + i + "] is null");
            }
        }
    }

    /**
     * Sizes along ax (0 for null parts); non-null parts match whole's rank and dims off the axis. The
     * caller checks the sum.
     */
    private static int[] partSizes(String op, String arg, List<Tensor> parts, int ax, Tensor whole, String wholeArg) {
        int[] sizes = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            if (t == null) {
                continue;
            }
            if (t.rank() != whole.rank() || !Arrays.equals(Shapes.with(t.shape(), ax, whole.dim(ax)), whole.shape())) {
                throw new IllegalArgumentException(op + ": " + arg + "[" + i + "] " + Shapes.str(t.shape()) + " must match "
                        + wholeArg + " " + Shapes.str(whole.shape()) + " in every dim but axis " + ax);
            }
            sizes[i] = t.dim(ax);
        }
        return sizes;
    }

    private static void requireSum(String op, String arg, int[] sizes, int ax, Tensor whole, String wholeArg) {
        long sum = Arrays.stream(sizes).asLongStream().sum();
        if (sum != whole.dim(ax)) {
            throw new IllegalArgumentException(op + ": sizes of " + arg + " along axis " + ax + " sum to " + sum + ", but "
                    + wholeArg + " " + Shapes.str(whole.shape()) + " has " + whole.dim(ax));
        }
    }

    private static void requireWindow(String op, Tensor whole, String wholeArg, int ax, int start, Tensor part,
            String partArg) {
        if (part.rank() != whole.rank() || !Arrays.equals(Shapes.with(part.shape(), ax, whole.dim(ax)), whole.shape())) {
            throw new IllegalArgumentException(op + ": " + partArg + " " + Shapes.str(part.shape()) + " must match "
                    + wholeArg + " " + Shapes.str(whole.shape()) + " in every dim but axis " + ax);
        }
        if (start < 0 || (long) start + part.dim(ax) > whole.dim(ax)) {
            throw new IllegalArgumentException(op + ": window [" + start + ", " + ((long) start + part.dim(ax))
                    + ") along axis " + ax + " lies outside " + wholeArg + " " + Shapes.str(whole.shape()));
        }
    }

    private static void requireSameDType(String op, String arg, Tensor t, String refArg, Tensor ref) {
        if (t.dtype() != ref.dtype()) {
            throw new IllegalArgumentException(op + ": " + arg + " is " + t.dtype() + " but " + refArg + " is "
                    + ref.dtype() + "; they must match");
        }
    }

    private static long indexVector(String op, Tensor index) {
        long address = Checks.i32(op, "index", index);
        Shapes.requireRank(op, "index", index, 1);
        return address;
    }

    /** torch.gather's index, restricted on CUDA to x's shape in every dim but the axis. */
    private static long gatherIndex(String op, Tensor x, String xArg, int ax, Tensor index) {
        long address = Checks.i32(op, "index", index);
        if (index.rank() != x.rank() || !Arrays.equals(Shapes.with(index.shape(), ax, x.dim(ax)), x.shape())) {
            throw new IllegalArgumentException(op + ": index " + Shapes.str(index.shape()) + " must have " + xArg
                    + " " + Shapes.str(x.shape()) + "'s shape in every dim but axis " + ax + " (the CUDA gather kernel"
                    + " views both as (outer, len, inner); slice " + xArg + " first to gather from a smaller box)");
        }
        Checks.fitsInt(op, "numel(index)", index.numel());
        return address;
    }

    private static String shapes(String op, Tensor a, Tensor b) {
        return op + " " + Shapes.str(a.shape()) + " -> " + Shapes.str(b.shape());
    }
}
