package org.mbrl4j.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.cpu.LayoutBlocks.Direction;
import org.mbrl4j.backend.cpu.LayoutBlocks.View;
import org.mbrl4j.backend.cpu.LayoutIndexing.GatherPlan;
import org.mbrl4j.backend.cpu.PointwiseKernels.Write;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link LayoutOps}. Forwards of concat, split, slice and index-select copy F32
 * or I32 data; gather and every backward work on F32. Indices are I32 and checked against their
 * bound before anything is written.
 */
final class CpuLayoutOps implements LayoutOps {

    @Override
    public void concat(List<Tensor> xs, int axis, Tensor out) {
        requireParts("concat", "xs", xs);
        int ax = Shapes.axis("concat", axis, out.rank());
        int[] sizes = partSizes("concat", "xs", xs, axis, ax, out, "out");
        requireSum("concat", "xs", sizes, ax, out, "out");
        for (int i = 0; i < xs.size(); i++) {
            requireSameDType("concat", "xs[" + i + "]", xs.get(i), "out", out);
        }
        View v = View.of(out.shape(), ax);
        for (int i = 0, start = 0; i < xs.size(); start += sizes[i], i++) {
            LayoutBlocks.move(Direction.PART_TO_WHOLE, Write.STORE, out, v, xs.get(i), start, sizes[i]);
        }
    }

    /**
     * A null entry's size cannot be read from a tensor, so at most one entry may be null: its size is
     * dout's length along axis minus the others'.
     */
    @Override
    public void concatBackward(Tensor dout, int axis, List<Tensor> dxs) {
        requireF32("concatBackward", "dout", dout);
        if (dxs == null || dxs.isEmpty()) {
            throw new IllegalArgumentException("concatBackward: dxs must list at least one gradient");
        }
        int ax = Shapes.axis("concatBackward", axis, dout.rank());
        int nulls = (int) dxs.stream().filter(t -> t == null).count();
        if (nulls > 1) {
            throw new IllegalArgumentException("concatBackward: " + nulls + " of " + dxs.size()
                    + " dxs are null; at most one may be null, since a skipped part's size is inferred from dout "
                    + Shapes.str(dout.shape()) + " along axis " + axis);
        }
        int[] sizes = partSizes("concatBackward", "dxs", dxs, axis, ax, dout, "dout");
        if (nulls == 1) {
            int known = 0;
            for (int s : sizes) {
                known += s;
            }
            int missing = dxs.indexOf(null);
            sizes[missing] = dout.dim(ax) - known;
            if (sizes[missing] < 0) {
                throw new IllegalArgumentException("concatBackward: dxs sizes along axis " + axis + " sum to "
                        + known + ", more than dout " + Shapes.str(dout.shape()) + " holds");
            }
        }
        requireSum("concatBackward", "dxs", sizes, ax, dout, "dout");
        for (int i = 0; i < dxs.size(); i++) {
            if (dxs.get(i) != null) {
                requireF32("concatBackward", "dxs[" + i + "]", dxs.get(i));
            }
        }
        View v = View.of(dout.shape(), ax);
        for (int i = 0, start = 0; i < dxs.size(); start += sizes[i], i++) {
            if (dxs.get(i) != null) {
                LayoutBlocks.move(Direction.WHOLE_TO_PART, Write.ACCUMULATE, dout, v, dxs.get(i), start, sizes[i]);
            }
        }
    }

    @Override
    public void split(Tensor x, int axis, List<Tensor> outs) {
        requireParts("split", "outs", outs);
        int ax = Shapes.axis("split", axis, x.rank());
        int[] sizes = partSizes("split", "outs", outs, axis, ax, x, "x");
        requireSum("split", "outs", sizes, ax, x, "x");
        for (int i = 0; i < outs.size(); i++) {
            requireSameDType("split", "outs[" + i + "]", outs.get(i), "x", x);
        }
        View v = View.of(x.shape(), ax);
        for (int i = 0, start = 0; i < outs.size(); start += sizes[i], i++) {
            LayoutBlocks.move(Direction.WHOLE_TO_PART, Write.STORE, x, v, outs.get(i), start, sizes[i]);
        }
    }

    @Override
    public void splitBackward(List<Tensor> douts, int axis, Tensor dx) {
        requireF32("splitBackward", "dx", dx);
        requireParts("splitBackward", "douts", douts);
        int ax = Shapes.axis("splitBackward", axis, dx.rank());
        int[] sizes = partSizes("splitBackward", "douts", douts, axis, ax, dx, "dx");
        requireSum("splitBackward", "douts", sizes, ax, dx, "dx");
        for (int i = 0; i < douts.size(); i++) {
            requireF32("splitBackward", "douts[" + i + "]", douts.get(i));
        }
        View v = View.of(dx.shape(), ax);
        for (int i = 0, start = 0; i < douts.size(); start += sizes[i], i++) {
            LayoutBlocks.move(Direction.PART_TO_WHOLE, Write.ACCUMULATE, dx, v, douts.get(i), start, sizes[i]);
        }
    }

    @Override
    public void slice(Tensor x, int axis, int start, Tensor out) {
        int ax = Shapes.axis("slice", axis, x.rank());
        requireSameDType("slice", "out", out, "x", x);
        requireWindow("slice", x, "x", ax, start, out, "out");
        LayoutBlocks.move(Direction.WHOLE_TO_PART, Write.STORE, x, View.of(x.shape(), ax), out, start, out.dim(ax));
    }

    @Override
    public void sliceBackward(Tensor dout, int axis, int start, Tensor dx) {
        requireF32("sliceBackward", "dout", dout);
        requireF32("sliceBackward", "dx", dx);
        int ax = Shapes.axis("sliceBackward", axis, dx.rank());
        requireWindow("sliceBackward", dx, "dx", ax, start, dout, "dout");
        LayoutBlocks.move(Direction.PART_TO_WHOLE, Write.ACCUMULATE, dx, View.of(dx.shape(), ax), dout, start,
                dout.dim(ax));
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        int ax = Shapes.axis("indexSelect", axis, x.rank());
        requireIndexVector("indexSelect", index);
        requireSameDType("indexSelect", "out", out, "x", x);
        Shapes.requireShape("indexSelect", "out", out, Shapes.with(x.shape(), ax, index.size()));
        LayoutIndexing.requireInRange("indexSelect", index, x.dim(ax), x, axis);
        View v = View.of(x.shape(), ax);
        int n = index.size();
        int[] iv = index.ints();
        Parallel.forRange(v.outer(), (long) n * v.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0; j < n; j++) {
                    int src = x.off() + (o * v.dim() + iv[index.off() + j]) * v.inner();
                    int dst = out.off() + (o * n + j) * v.inner();
                    if (x.dtype() == DType.F32) {
                        System.arraycopy(x.floats(), src, out.floats(), dst, v.inner());
                    } else {
                        System.arraycopy(x.ints(), src, out.ints(), dst, v.inner());
                    }
                }
            }
        });
    }

    @Override
    public void indexSelectBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        requireF32("indexSelectBackward", "dout", dout);
        requireF32("indexSelectBackward", "dx", dx);
        int ax = Shapes.axis("indexSelectBackward", axis, dx.rank());
        requireIndexVector("indexSelectBackward", index);
        Shapes.requireShape("indexSelectBackward", "dout", dout, Shapes.with(dx.shape(), ax, index.size()));
        LayoutIndexing.requireInRange("indexSelectBackward", index, dx.dim(ax), dx, axis);
        View v = View.of(dx.shape(), ax);
        int n = index.size();
        int[] iv = index.ints();
        // Repeated indices add into the same dx row; rows of different o never collide.
        Parallel.forRange(v.outer(), (long) n * v.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0; j < n; j++) {
                    PointwiseKernels.addInto(dout.floats(), dout.off() + (o * n + j) * v.inner(), dx.floats(),
                            dx.off() + (o * v.dim() + iv[index.off() + j]) * v.inner(), v.inner());
                }
            }
        });
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        requireF32("gather", "x", x);
        requireF32("gather", "out", out);
        int ax = requireGatherIndex("gather", x, "x", axis, index);
        Shapes.requireShape("gather", "out", out, index.shape());
        GatherPlan p = GatherPlan.of(x.shape(), index.shape(), ax);
        float[] xv = x.floats();
        float[] ov = out.floats();
        int[] iv = index.ints();
        Parallel.forRange(p.outerOff().length, (long) p.n() * p.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0, q = o * p.n() * p.inner(); j < p.n(); j++) {
                    for (int l = 0; l < p.inner(); l++, q++) {
                        int src = p.outerOff()[o] + iv[index.off() + q] * p.axisStride() + p.innerOff()[l];
                        ov[out.off() + q] = xv[x.off() + src];
                    }
                }
            }
        });
    }

    @Override
    public void gatherBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        requireF32("gatherBackward", "dout", dout);
        requireF32("gatherBackward", "dx", dx);
        int ax = requireGatherIndex("gatherBackward", dx, "dx", axis, index);
        Shapes.requireShape("gatherBackward", "dout", dout, index.shape());
        GatherPlan p = GatherPlan.of(dx.shape(), index.shape(), ax);
        float[] g = dout.floats();
        float[] d = dx.floats();
        int[] iv = index.ints();
        // Positions with different o address different dx elements (their leading coordinates differ),
        // so chunks over o never collide; repeated indices within one o add up in order.
        Parallel.forRange(p.outerOff().length, (long) p.n() * p.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0, q = o * p.n() * p.inner(); j < p.n(); j++) {
                    for (int l = 0; l < p.inner(); l++, q++) {
                        int dst = p.outerOff()[o] + iv[index.off() + q] * p.axisStride() + p.innerOff()[l];
                        d[dx.off() + dst] += g[dout.off() + q];
                    }
                }
            }
        });
    }

    // ---- validation ----

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
     * Sizes of the parts along ax (0 for null parts); each non-null part must have whole's rank and
     * whole's dims off the axis.
     */
    private static int[] partSizes(String op, String arg, List<Tensor> parts, int axis, int ax, Tensor whole,
            String wholeArg) {
        int[] sizes = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            if (t == null) {
                continue;
            }
            boolean ok = t.rank() == whole.rank();
            for (int d = 0; ok && d < t.rank(); d++) {
                ok = d == ax || t.dim(d) == whole.dim(d);
            }
            if (!ok) {
                throw new IllegalArgumentException(op + ": " + arg + "[" + i + "] " + Shapes.str(t.shape())
                        + " must match " + wholeArg + " " + Shapes.str(whole.shape()) + " in every dim but axis "
                        + axis);
            }
            sizes[i] = t.dim(ax);
        }
        return sizes;
    }

    private static void requireSum(String op, String arg, int[] sizes, int ax, Tensor whole, String wholeArg) {
        long sum = 0;
        for (int s : sizes) {
            sum += s;
        }
        if (sum != whole.dim(ax)) {
            throw new IllegalArgumentException(op + ": sizes of " + arg + " along axis " + ax + " sum to " + sum
                    + ", but " + wholeArg + " " + Shapes.str(whole.shape()) + " has " + whole.dim(ax));
        }
    }

    /** part must match whole off the axis and fit in [start, start + part.dim(ax)) along it. */
    private static void requireWindow(String op, Tensor whole, String wholeArg, int ax, int start, Tensor part,
            String partArg) {
        if (part.rank() != whole.rank() || !Arrays.equals(Shapes.with(part.shape(), ax, whole.dim(ax)),
                whole.shape())) {
            throw new IllegalArgumentException(op + ": " + partArg + " " + Shapes.str(part.shape()) + " must match "
                    + wholeArg + " " + Shapes.str(whole.shape()) + " in every dim but axis " + ax);
        }
        if (start < 0 || (long) start + part.dim(ax) > whole.dim(ax)) {
            throw new IllegalArgumentException(op + ": window [" + start + ", " + ((long) start + part.dim(ax))
                    + ") along axis " + ax + " lies outside " + wholeArg + " " + Shapes.str(whole.shape()));
        }
    }

    private static void requireIndexVector(String op, Tensor index) {
        if (index == null) {
            throw new IllegalArgumentException(op + ": index must not be null");
        }
        Shapes.requireDType(op, "index", index, DType.I32);
        Shapes.requireRank(op, "index", index, 1);
    }

    /** torch.gather: index has x's rank and is no larger than x in every dim but axis. */
    private static int requireGatherIndex(String op, Tensor x, String xArg, int axis, Tensor index) {
        if (index == null) {
            throw new IllegalArgumentException(op + ": index must not be null");
        }
        Shapes.requireDType(op, "index", index, DType.I32);
        int ax = Shapes.axis(op, axis, x.rank());
        boolean ok = index.rank() == x.rank();
        for (int d = 0; ok && d < x.rank(); d++) {
            ok = d == ax || index.dim(d) <= x.dim(d);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index " + Shapes.str(index.shape()) + " must have " + xArg
                    + "'s rank and be no larger than " + xArg + " " + Shapes.str(x.shape()) + " in every dim but axis "
                    + axis);
        }
        LayoutIndexing.requireInRange(op, index, x.dim(ax), x, axis);
        return ax;
    }

    private static void requireF32(String op, String arg, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
        Shapes.requireDType(op, arg, t, DType.F32);
    }

    private static void requireSameDType(String op, String arg, Tensor t, String refArg, Tensor ref) {
        if (t.dtype() != ref.dtype()) {
            throw new IllegalArgumentException(op + ": " + arg + " is " + t.dtype() + " but " + refArg + " is "
                    + ref.dtype() + "; they must match");
        }
    }
}
