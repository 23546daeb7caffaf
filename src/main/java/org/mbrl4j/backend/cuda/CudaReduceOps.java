package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.backend.ReduceContract;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link ReduceOps} on kernels/reduce.cu. The kernel reduces one run of adjacent axes, viewing x as
 * (outer, red, inner); non-adjacent axes become several launches, innermost run first, through
 * persistent scratch buffers (MEAN divides by each run's length, so the product is the full count).
 * No axes reduces nothing: one launch with red = 1 copies x.
 */
final class CudaReduceOps implements ReduceOps {
    private static final int MAX_THREADS = 256;
    private final ModuleKernels k;
    private final DeviceQueue queue;

    CudaReduceOps(DeviceQueue queue) {
        this.queue = queue;
        this.k = new ModuleKernels(queue, "reduce");
    }

    /** One launch: x viewed as (outer, red, inner) of the shape {@code shape}; the run is [start, end). */
    record Step(int[] shape, int start, int end, int outer, int red, int inner) {
        int[] reducedShape() {
            int[] out = new int[shape.length - (end - start)];
            System.arraycopy(shape, 0, out, 0, start);
            System.arraycopy(shape, end, out, start, shape.length - end);
            return out;
        }
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        String name = "reduce " + op;
        List<Step> steps = plan(name, x.shape(), ReduceContract.reduce(op, x, axes, out));
        long px = Checks.address(name, "x", x);
        long po = Checks.address(name, "out", out);
        if (out.numel() == 0) {
            return;
        }
        long src = px;
        for (int s = 0; s < steps.size(); s++) {
            Step st = steps.get(s);
            long dst = s == steps.size() - 1 ? po : queue.scratch("reduce.step" + (s % 2), 4L * st.outer * st.inner);
            forward(op, st, src, dst);
            src = dst;
        }
    }

    private void forward(ReduceOp op, Step st, long src, long dst) {
        if (st.outer == 0 || st.inner == 0) {
            return; // an empty intermediate: the next step reduces a length-0 run
        }
        int cb = st.inner == 1 ? 1 : Grids.columnTile(st.inner);
        int threads = Math.min(MAX_THREADS, Math.max(Grids.WARP, Grids.nextPow2((int) Math.min(MAX_THREADS,
                (long) st.red * cb))));
        Dim3 grid = Dim3.of(Math.ceilDiv(st.inner, cb), Math.min(st.outer, Dim3.MAX_GRID_YZ));
        k.launch("reduce_forward", grid, threads, describe(st) + " cb=" + cb, i32(op.ordinal()), ptr(src), ptr(dst),
                i32(st.outer), i32(st.red), i32(st.inner), i32(cb));
    }

    /** running_scale_forward: one block of 256 threads ranks every element (kernels/reduce.cu). */
    @Override
    public void runningScale(Tensor x, Tensor scale, float tau, Tensor out) {
        String op = "runningScale";
        ReduceContract.runningScale(x, scale, tau, out);
        long px = Checks.address(op, "x", x);
        long ps = Checks.address(op, "scale", scale);
        long po = Checks.address(op, "out", out);
        int n = Checks.fitsInt(op, "numel of x", x.numel());
        k.launch("running_scale_forward", Dim3.of(1), MAX_THREADS, Shapes.str(x.shape()), ptr(px), i32(n), ptr(ps),
                f32(tau), ptr(po));
    }

    @Override
    public void reduceBackward(ReduceOp op, int[] axes, Tensor dout, Tensor dx) {
        String name = "reduceBackward " + op;
        List<Step> steps = plan(name, dx.shape(), ReduceContract.reduceBackward(op, axes, dout, dx));
        long pdx = Checks.address(name, "dx", dx);
        long pg = Checks.address(name, "dout", dout);
        if (dx.numel() == 0) {
            return;
        }
        // Undo the forward steps in reverse: each expands one run; intermediates start at zero.
        long src = pg;
        for (int s = steps.size() - 1; s >= 0; s--) {
            Step st = steps.get(s);
            long n = (long) st.outer * st.red * st.inner;
            long dst = pdx;
            if (s > 0) {
                dst = queue.scratch("reduce.step" + (s % 2), 4L * n);
                queue.fill32(dst, n, 0, name + " zeroing an intermediate");
            }
            k.launch("reduce_backward", Grids.strided(n, Grids.THREADS), Grids.THREADS, describe(st), i32(op.ordinal()),
                    ptr(src), ptr(dst), i32(st.outer), i32(st.red), i32(st.inner));
            src = dst;
        }
    }

    /**
     * The launches for reducing the {@code reduced} axes of {@code shape}: one per maximal run of
     * adjacent reduced axes, innermost first; no axes gives one copy step (red = 1).
     */
    static List<Step> plan(String op, int[] shape, boolean[] reduced) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (reduced[i] && (i == 0 || !reduced[i - 1])) {
                int end = i;
                while (end < shape.length && reduced[end]) {
                    end++;
                }
                runs.add(new int[] {i, end});
            }
        }
        List<Step> steps = new ArrayList<>();
        int[] cur = shape.clone();
        if (runs.isEmpty()) {
            int n = Checks.fitsInt(op, "numel", Shapes.numel(shape));
            steps.add(new Step(cur, shape.length, shape.length, 1, 1, n));
            return steps;
        }
        for (int r = runs.size() - 1; r >= 0; r--) {
            int start = runs.get(r)[0];
            int end = runs.get(r)[1];
            Step st = new Step(cur, start, end, Checks.fitsInt(op, "outer", prod(cur, 0, start)),
                    Checks.fitsInt(op, "red", prod(cur, start, end)),
                    Checks.fitsInt(op, "inner", prod(cur, end, cur.length)));
            steps.add(st);
            cur = st.reducedShape();
        }
        return steps;
    }

    private static long prod(int[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n = Math.multiplyExact(n, shape[i]);
        }
        return n;
    }

    private static String describe(Step st) {
        return "shape " + Shapes.str(st.shape) + " outer=" + st.outer + " red=" + st.red + " inner=" + st.inner;
    }
}
