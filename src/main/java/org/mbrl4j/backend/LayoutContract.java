package org.mbrl4j.backend;

import java.util.Arrays;
import java.util.List;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link LayoutOps}, written once for every backend. Axes may be negative; the
 * methods return the normalised axis (and the parts' sizes along it). Data moves between positions,
 * so an output never overlaps the tensor it is copied from. Index values are data: a backend that can
 * read them checks their range itself (the CPU does; see the CUDA package doc for why CUDA does not).
 */
public final class LayoutContract {
    private LayoutContract() {}

    /** The normalised axis and each part's size along it. */
    public record Parts(int axis, int[] sizes) {}

    public static Parts concat(List<Tensor> xs, int axis, Tensor out) {
        String op = "concat";
        OpArgs.parts(op, "xs", xs);
        OpArgs.nonNull(op, "out", out);
        int ax = Shapes.axis(op, axis, out.rank());
        int[] sizes = partSizes(op, "xs", xs, ax, out, "out");
        requireSum(op, "xs", sizes, ax, out, "out");
        for (int i = 0; i < xs.size(); i++) {
            sameDType(op, "xs[" + i + "]", xs.get(i), "out", out);
            OpArgs.disjoint(op, "out", out, "xs[" + i + "]", xs.get(i));
        }
        return new Parts(ax, sizes);
    }

    /**
     * A null entry's size cannot be read from a tensor, so at most one entry may be null: its size is
     * dout's length along the axis minus the others'.
     */
    public static Parts concatBackward(Tensor dout, int axis, List<Tensor> dxs) {
        String op = "concatBackward";
        OpArgs.f32(op, "dout", dout);
        if (dxs == null || dxs.isEmpty()) {
            throw new IllegalArgumentException(op + ": dxs must list at least one gradient");
        }
        int ax = Shapes.axis(op, axis, dout.rank());
        long nulls = dxs.stream().filter(t -> t == null).count();
        if (nulls > 1) {
            throw new IllegalArgumentException(op + ": " + nulls + " of " + dxs.size() + " dxs are null; at most one"
                    + " may be null, since a skipped part's size is inferred from dout " + Shapes.str(dout.shape())
                    + " along axis " + ax);
        }
        int[] sizes = partSizes(op, "dxs", dxs, ax, dout, "dout");
        if (nulls == 1) {
            int known = Arrays.stream(sizes).sum();
            int missing = dxs.indexOf(null);
            sizes[missing] = dout.dim(ax) - known;
            if (sizes[missing] < 0) {
                throw new IllegalArgumentException(op + ": dxs sizes along axis " + ax + " sum to " + known
                        + ", more than dout " + Shapes.str(dout.shape()) + " holds");
            }
        }
        requireSum(op, "dxs", sizes, ax, dout, "dout");
        for (int i = 0; i < dxs.size(); i++) {
            if (dxs.get(i) != null) {
                OpArgs.f32(op, "dxs[" + i + "]", dxs.get(i));
                OpArgs.disjoint(op, "dxs[" + i + "]", dxs.get(i), "dout", dout);
            }
        }
        return new Parts(ax, sizes);
    }

    public static Parts split(Tensor x, int axis, List<Tensor> outs) {
        String op = "split";
        OpArgs.parts(op, "outs", outs);
        OpArgs.nonNull(op, "x", x);
        int ax = Shapes.axis(op, axis, x.rank());
        int[] sizes = partSizes(op, "outs", outs, ax, x, "x");
        requireSum(op, "outs", sizes, ax, x, "x");
        for (int i = 0; i < outs.size(); i++) {
            sameDType(op, "outs[" + i + "]", outs.get(i), "x", x);
            OpArgs.disjoint(op, "outs[" + i + "]", outs.get(i), "x", x);
        }
        return new Parts(ax, sizes);
    }

    public static Parts splitBackward(List<Tensor> douts, int axis, Tensor dx) {
        String op = "splitBackward";
        OpArgs.f32(op, "dx", dx);
        OpArgs.parts(op, "douts", douts);
        int ax = Shapes.axis(op, axis, dx.rank());
        int[] sizes = partSizes(op, "douts", douts, ax, dx, "dx");
        requireSum(op, "douts", sizes, ax, dx, "dx");
        for (int i = 0; i < douts.size(); i++) {
            OpArgs.f32(op, "douts[" + i + "]", douts.get(i));
            OpArgs.disjoint(op, "dx", dx, "douts[" + i + "]", douts.get(i));
        }
        return new Parts(ax, sizes);
    }

    /** Returns the normalised axis. */
    public static int slice(Tensor x, int axis, int start, Tensor out) {
        String op = "slice";
        OpArgs.nonNull(op, "x", x);
        OpArgs.nonNull(op, "out", out);
        int ax = Shapes.axis(op, axis, x.rank());
        sameDType(op, "out", out, "x", x);
        requireWindow(op, x, "x", ax, start, out, "out");
        OpArgs.disjoint(op, "out", out, "x", x);
        return ax;
    }

    /** Returns the normalised axis. */
    public static int sliceBackward(Tensor dout, int axis, int start, Tensor dx) {
        String op = "sliceBackward";
        OpArgs.f32(op, "dout", dout);
        OpArgs.f32(op, "dx", dx);
        int ax = Shapes.axis(op, axis, dx.rank());
        requireWindow(op, dx, "dx", ax, start, dout, "dout");
        OpArgs.disjoint(op, "dx", dx, "dout", dout);
        return ax;
    }

    /** Returns the normalised axis. */
    public static int indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        String op = "indexSelect";
        OpArgs.nonNull(op, "x", x);
        int ax = Shapes.axis(op, axis, x.rank());
        indexVector(op, index);
        OpArgs.nonNull(op, "out", out);
        sameDType(op, "out", out, "x", x);
        Shapes.requireShape(op, "out", out, Shapes.with(x.shape(), ax, index.dim(0)));
        OpArgs.disjoint(op, "out", out, "x", x);
        return ax;
    }

    /** Returns the normalised axis. */
    public static int indexSelectBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        String op = "indexSelectBackward";
        OpArgs.f32(op, "dout", dout);
        OpArgs.f32(op, "dx", dx);
        int ax = Shapes.axis(op, axis, dx.rank());
        indexVector(op, index);
        Shapes.requireShape(op, "dout", dout, Shapes.with(dx.shape(), ax, index.dim(0)));
        OpArgs.disjoint(op, "dx", dx, "dout", dout);
        return ax;
    }

    /** Returns the normalised axis. */
    public static int gather(Tensor x, int axis, Tensor index, Tensor out) {
        String op = "gather";
        OpArgs.f32(op, "x", x);
        OpArgs.f32(op, "out", out);
        int ax = gatherIndex(op, x, "x", axis, index);
        Shapes.requireShape(op, "out", out, index.shape());
        OpArgs.disjoint(op, "out", out, "x", x);
        return ax;
    }

    /** Returns the normalised axis. */
    public static int gatherBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        String op = "gatherBackward";
        OpArgs.f32(op, "dout", dout);
        OpArgs.f32(op, "dx", dx);
        int ax = gatherIndex(op, dx, "dx", axis, index);
        Shapes.requireShape(op, "dout", dout, index.shape());
        OpArgs.disjoint(op, "dx", dx, "dout", dout);
        return ax;
    }

    // ---- shared rules ----

    /**
     * Sizes of the parts along ax (0 for null parts); each non-null part must have whole's rank and
     * whole's dims off the axis.
     */
    private static int[] partSizes(String op, String arg, List<Tensor> parts, int ax, Tensor whole,
            String wholeArg) {
        int[] sizes = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            if (t == null) {
                continue;
            }
            if (t.rank() != whole.rank() || !Arrays.equals(Shapes.with(t.shape(), ax, whole.dim(ax)), whole.shape())) {
                throw new IllegalArgumentException(op + ": " + arg + "[" + i + "] " + Shapes.str(t.shape())
                        + " must match " + wholeArg + " " + Shapes.str(whole.shape()) + " in every dim but axis " + ax);
            }
            sizes[i] = t.dim(ax);
        }
        return sizes;
    }

    private static void requireSum(String op, String arg, int[] sizes, int ax, Tensor whole, String wholeArg) {
        long sum = Arrays.stream(sizes).asLongStream().sum();
        if (sum != whole.dim(ax)) {
            throw new IllegalArgumentException(op + ": sizes of " + arg + " along axis " + ax + " sum to " + sum
                    + ", but " + wholeArg + " " + Shapes.str(whole.shape()) + " has " + whole.dim(ax));
        }
    }

    /** part must match whole off the axis and fit in [start, start + part.dim(ax)) along it. */
    private static void requireWindow(String op, Tensor whole, String wholeArg, int ax, int start, Tensor part,
            String partArg) {
        if (part.rank() != whole.rank()
                || !Arrays.equals(Shapes.with(part.shape(), ax, whole.dim(ax)), whole.shape())) {
            throw new IllegalArgumentException(op + ": " + partArg + " " + Shapes.str(part.shape()) + " must match "
                    + wholeArg + " " + Shapes.str(whole.shape()) + " in every dim but axis " + ax);
        }
        if (start < 0 || (long) start + part.dim(ax) > whole.dim(ax)) {
            throw new IllegalArgumentException(op + ": window [" + start + ", " + ((long) start + part.dim(ax))
                    + ") along axis " + ax + " lies outside " + wholeArg + " " + Shapes.str(whole.shape()));
        }
    }

    private static void sameDType(String op, String arg, Tensor t, String refArg, Tensor ref) {
        if (t.dtype() != ref.dtype()) {
            throw new IllegalArgumentException(op + ": " + arg + " is " + t.dtype() + " but " + refArg + " is "
                    + ref.dtype() + "; they must match");
        }
    }

    private static void indexVector(String op, Tensor index) {
        OpArgs.i32(op, "index", index);
        Shapes.requireRank(op, "index", index, 1);
    }

    /** torch.gather: index (I32) has x's rank and is no larger than x in every dim but axis. */
    private static int gatherIndex(String op, Tensor x, String xArg, int axis, Tensor index) {
        OpArgs.i32(op, "index", index);
        int ax = Shapes.axis(op, axis, x.rank());
        boolean ok = index.rank() == x.rank();
        for (int d = 0; ok && d < x.rank(); d++) {
            ok = d == ax || index.dim(d) <= x.dim(d);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index " + Shapes.str(index.shape()) + " must have " + xArg
                    + "'s rank and be no larger than " + xArg + " " + Shapes.str(x.shape())
                    + " in every dim but axis " + ax);
        }
        return ax;
    }
}
