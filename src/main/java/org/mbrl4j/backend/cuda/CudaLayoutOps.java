package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.util.Arrays;
import java.util.List;
import org.mbrl4j.backend.LayoutContract;
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
        LayoutContract.Parts parts = LayoutContract.concat(xs, axis, out);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        long po = Checks.address(op, "out", out);
        long[] px = new long[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            px[i] = Checks.address(op, "xs[" + i + "]", xs.get(i));
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
        LayoutContract.Parts parts = LayoutContract.concatBackward(dout, axis, dxs);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        long pg = Checks.address(op, "dout", dout);
        Box whole = Box.of(op, dout.shape(), ax);
        for (int i = 0, offset = 0; i < dxs.size(); offset += sizes[i], i++) {
            Tensor dx = dxs.get(i);
            if (dx == null) {
                continue;
            }
            long pdx = Checks.address(op, "dxs[" + i + "]", dx);
            if (!whole.empty() && sizes[i] > 0) {
                k.launch("concat_backward", grid(whole, sizes[i]), Grids.THREADS, shapes(op, dx, dout), ptr(pg), ptr(pdx),
                        i32(whole.outer), i32(sizes[i]), i32(whole.inner), i32(whole.len), i32(offset));
            }
        }
    }

    @Override
    public void split(Tensor x, int axis, List<Tensor> outs) {
        String op = "split";
        LayoutContract.Parts parts = LayoutContract.split(x, axis, outs);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        long px = Checks.address(op, "x", x);
        Box whole = Box.of(op, x.shape(), ax);
        for (int i = 0, start = 0; i < outs.size(); start += sizes[i], i++) {
            Tensor out = outs.get(i);
            long po = Checks.address(op, "outs[" + i + "]", out);
            if (!whole.empty() && sizes[i] > 0) {
                k.launch("slice_forward", grid(whole, sizes[i]), Grids.THREADS, shapes(op, x, out), ptr(px), ptr(po),
                        i32(whole.outer), i32(whole.len), i32(whole.inner), i32(start), i32(sizes[i]));
            }
        }
    }

    @Override
    public void splitBackward(List<Tensor> douts, int axis, Tensor dx) {
        String op = "splitBackward";
        LayoutContract.Parts parts = LayoutContract.splitBackward(douts, axis, dx);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        long pdx = Checks.address(op, "dx", dx);
        Box whole = Box.of(op, dx.shape(), ax);
        for (int i = 0, start = 0; i < douts.size(); start += sizes[i], i++) {
            long pg = Checks.address(op, "douts[" + i + "]", douts.get(i));
            if (!whole.empty() && sizes[i] > 0) {
                k.launch("slice_backward", grid(whole, sizes[i]), Grids.THREADS, shapes(op, douts.get(i), dx), ptr(pg),
                        ptr(pdx), i32(whole.outer), i32(whole.len), i32(whole.inner), i32(start), i32(sizes[i]));
            }
        }
    }

    @Override
    public void slice(Tensor x, int axis, int start, Tensor out) {
        String op = "slice";
        int ax = LayoutContract.slice(x, axis, start, out);
        long px = Checks.address(op, "x", x);
        long po = Checks.address(op, "out", out);
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
        int ax = LayoutContract.sliceBackward(dout, axis, start, dx);
        long pg = Checks.address(op, "dout", dout);
        long pdx = Checks.address(op, "dx", dx);
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
        int ax = LayoutContract.indexSelect(x, axis, index, out);
        long px = Checks.address(op, "x", x);
        long pi = Checks.address(op, "index", index);
        long po = Checks.address(op, "out", out);
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
        int ax = LayoutContract.indexSelectBackward(dout, axis, index, dx);
        long pg = Checks.address(op, "dout", dout);
        long pdx = Checks.address(op, "dx", dx);
        long pi = Checks.address(op, "index", index);
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
        int ax = LayoutContract.gather(x, axis, index, out);
        long pi = gatherIndex(op, x, "x", ax, index);
        long px = Checks.address(op, "x", x);
        long po = Checks.address(op, "out", out);
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
        int ax = LayoutContract.gatherBackward(dout, axis, index, dx);
        long pi = gatherIndex(op, dx, "dx", ax, index);
        long pg = Checks.address(op, "dout", dout);
        long pdx = Checks.address(op, "dx", dx);
        Box box = Box.of(op, dx.shape(), ax);
        int n = index.dim(ax);
        if (!box.empty() && n > 0) {
            k.launch("gather_backward", grid(box, n), Grids.THREADS, shapes(op, dout, dx), ptr(pg), ptr(pi), ptr(pdx),
                    i32(box.outer), i32(box.len), i32(box.inner), i32(n));
        }
    }

    // ---- device rules (the contract is LayoutContract) ----

    private static Dim3 grid(Box box, int len) {
        return Grids.strided((long) box.outer * len * box.inner, Grids.THREADS);
    }

    /** A device rule: torch.gather's index, restricted on CUDA to x's shape in every dim but the axis. */
    private static long gatherIndex(String op, Tensor x, String xArg, int ax, Tensor index) {
        long address = Checks.address(op, "index", index);
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
