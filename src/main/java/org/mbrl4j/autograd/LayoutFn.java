package org.mbrl4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable data movement: concat, split, slice, index-select and gather. Axes may be negative
 * (counted from the end). Index tensors are I32 and never receive gradients.
 */
public final class LayoutFn {
    private LayoutFn() {}

    /** Concatenation of xs along axis; every other dim must agree. */
    public static Tensor concat(Graph g, int axis, Tensor... xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        int rank = xs[0].rank();
        int ax = Shapes.axis("concat", axis, rank);
        int total = 0;
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].rank() != rank) {
                throw new IllegalArgumentException("concat: xs[" + i + "] " + Shapes.str(xs[i].shape())
                        + " must have the rank of xs[0] " + Shapes.str(xs[0].shape()));
            }
            total = Math.addExact(total, xs[i].dim(ax));
        }
        boolean rg = g.needsGrad(xs);
        Tensor out = g.output(rg, Shapes.with(xs[0].shape(), ax, total));
        LayoutOps ops = g.backend().layout();
        List<Tensor> parts = List.of(xs);
        ops.concat(parts, axis, out);
        if (rg) {
            g.record("concat", () -> ops.concatBackward(g.grad(out), axis, partGrads(g, parts)), out);
        }
        return out;
    }

    /**
     * Gradients of the concat inputs. The backend infers the size of at most one null entry, so the
     * first input without a gradient is passed as null (skipped) and any further ones get scratch
     * tensors from the arena that absorb their slice and are never read.
     */
    private static List<Tensor> partGrads(Graph g, List<Tensor> parts) {
        List<Tensor> grads = new ArrayList<>(parts.size());
        boolean skipped = false;
        for (Tensor x : parts) {
            Tensor d = g.grad(x);
            if (d == null && skipped) {
                d = g.temp(x.shape());
            }
            skipped |= d == null;
            grads.add(d);
        }
        return grads;
    }

    /** Consecutive slices of x along axis with the given sizes (which must sum to x's length there). */
    public static List<Tensor> split(Graph g, Tensor x, int axis, int... sizes) {
        int ax = Shapes.axis("split", axis, x.rank());
        boolean rg = g.needsGrad(x);
        List<Tensor> outs = new ArrayList<>(sizes.length);
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " must be >= 0");
            }
            outs.add(g.output(rg, Shapes.with(x.shape(), ax, s)));
        }
        LayoutOps ops = g.backend().layout();
        ops.split(x, axis, outs);
        if (rg) {
            g.record("split", () -> {
                List<Tensor> douts = new ArrayList<>(outs.size());
                outs.forEach(o -> douts.add(g.grad(o)));
                ops.splitBackward(douts, axis, g.grad(x));
            }, outs.toArray(Tensor[]::new));
        }
        return List.copyOf(outs);
    }

    /** x[..., start:start+length, ...] along axis. */
    public static Tensor slice(Graph g, Tensor x, int axis, int start, int length) {
        int ax = Shapes.axis("slice", axis, x.rank());
        if (length < 0) {
            throw new IllegalArgumentException("slice: length = " + length + " must be >= 0");
        }
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, Shapes.with(x.shape(), ax, length));
        LayoutOps ops = g.backend().layout();
        ops.slice(x, axis, start, out);
        if (rg) {
            g.record("slice", () -> ops.sliceBackward(g.grad(out), axis, start, g.grad(x)), out);
        }
        return out;
    }

    /** x.index_select(axis, index) with a 1-D I32 index of any length; repeated indices accumulate in backward. */
    public static Tensor indexSelect(Graph g, Tensor x, int axis, Tensor index) {
        int ax = Shapes.axis("indexSelect", axis, x.rank());
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, Shapes.with(x.shape(), ax, Math.toIntExact(index.numel())));
        LayoutOps ops = g.backend().layout();
        ops.indexSelect(x, axis, index, out);
        if (rg) {
            g.record("indexSelect", () -> ops.indexSelectBackward(g.grad(out), axis, index, g.grad(x)), out);
        }
        return out;
    }

    /** torch.gather(x, axis, index): out has index's shape; backward scatter-adds. */
    public static Tensor gather(Graph g, Tensor x, int axis, Tensor index) {
        boolean rg = g.needsGrad(x);
        Tensor out = g.output(rg, index.shape());
        LayoutOps ops = g.backend().layout();
        ops.gather(x, axis, index, out);
        if (rg) {
            g.record("gather", () -> ops.gatherBackward(g.grad(out), axis, index, g.grad(x)), out);
        }
        return out;
    }
}
