package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link PointwiseOps} on kernels/pointwise.cu. Binary ops broadcast b over a when b's shape is a
 * suffix of a's or b has one element (nb divides n); out may alias a but never b.
 */
final class CudaPointwiseOps implements PointwiseOps {
    private final ModuleKernels k;

    CudaPointwiseOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "pointwise");
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = "binary " + op;
        Checks.nonNull(name, "op", op);
        long pa = Checks.f32(name, "a", a);
        long pb = Checks.f32(name, "b", b);
        long po = Checks.like(name, "out", out, "a", a);
        long nb = broadcastLength(name, a, b);
        Checks.disjoint(name, "out", out, "b", b);
        long n = a.numel();
        if (n == 0) {
            return;
        }
        k.launch("binary_forward", Grids.strided(n, Grids.THREADS), Grids.THREADS, shapes(a, b), i32(op.ordinal()),
                ptr(pa), ptr(pb), ptr(po), i64(n), i64(nb));
    }

    @Override
    public void binaryBackward(BinaryOp op, Tensor a, Tensor b, Tensor dout, Tensor da, Tensor db) {
        String name = "binaryBackward " + op;
        Checks.nonNull(name, "op", op);
        long pa = Checks.f32(name, "a", a);
        long pb = Checks.f32(name, "b", b);
        long nb = broadcastLength(name, a, b);
        long pg = Checks.like(name, "dout", dout, "a", a);
        long pda = Checks.optionalLike(name, "da", da, "a", a);
        long pdb = Checks.optionalLike(name, "db", db, "b", b);
        long n = a.numel();
        if (n == 0 || (da == null && db == null)) {
            return;
        }
        boolean elementwiseDb = db != null && nb == n;
        if (da != null || elementwiseDb) {
            k.launch("binary_backward", Grids.strided(n, Grids.THREADS), Grids.THREADS, shapes(a, b), i32(op.ordinal()),
                    ptr(pa), ptr(pb), ptr(pg), ptr(pda), ptr(elementwiseDb ? pdb : 0L), i64(n), i64(nb));
        }
        if (db != null && nb < n) {
            int cb = Grids.columnTile(Checks.fitsInt(name, "nb", nb));
            k.launch("binary_backward_reduce", Dim3.of(Checks.fitsInt(name, "ceil(nb/cb)", Math.ceilDiv(nb, cb))),
                    Grids.THREADS, shapes(a, b) + " cb=" + cb, i32(op.ordinal()), ptr(pa), ptr(pb), ptr(pg), ptr(pdb),
                    i64(n), i64(nb), i32(cb));
        }
    }

    @Override
    public void scale(Tensor x, float s, Tensor out) {
        long px = Checks.f32("scale", "x", x);
        long po = Checks.like("scale", "out", out, "x", x);
        if (x.numel() > 0) {
            k.launch("scale_forward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    ptr(px), f32(s), ptr(po), i64(x.numel()));
        }
    }

    @Override
    public void scaleBackward(float s, Tensor dout, Tensor dx) {
        long pg = Checks.f32("scaleBackward", "dout", dout);
        long pdx = Checks.like("scaleBackward", "dx", dx, "dout", dout);
        if (dout.numel() > 0) {
            k.launch("scale_backward", Grids.strided(dout.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(dout.shape()), f32(s), ptr(pg), ptr(pdx), i64(dout.numel()));
        }
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor out) {
        requireBounds("clamp", lo, hi);
        long px = Checks.f32("clamp", "x", x);
        long po = Checks.like("clamp", "out", out, "x", x);
        if (x.numel() > 0) {
            k.launch("clamp_forward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    ptr(px), f32(lo), f32(hi), ptr(po), i64(x.numel()));
        }
    }

    @Override
    public void clampBackward(Tensor x, float lo, float hi, Tensor dout, Tensor dx) {
        requireBounds("clampBackward", lo, hi);
        long px = Checks.f32("clampBackward", "x", x);
        long pg = Checks.like("clampBackward", "dout", dout, "x", x);
        long pdx = Checks.like("clampBackward", "dx", dx, "x", x);
        if (x.numel() > 0) {
            k.launch("clamp_backward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    ptr(px), f32(lo), f32(hi), ptr(pg), ptr(pdx), i64(x.numel()));
        }
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        String name = "unary " + op;
        Checks.nonNull(name, "op", op);
        long px = Checks.f32(name, "x", x);
        long po = Checks.like(name, "out", out, "x", x);
        if (x.numel() > 0) {
            k.launch("unary_forward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    i32(op.ordinal()), ptr(px), ptr(po), i64(x.numel()));
        }
    }

    /** {@code out} may be null unless the derivative reads f(x) (TANH, SIGMOID, EXP). */
    @Override
    public void unaryBackward(UnaryOp op, Tensor x, Tensor out, Tensor dout, Tensor dx) {
        String name = "unaryBackward " + op;
        Checks.nonNull(name, "op", op);
        long px = Checks.f32(name, "x", x);
        long pg = Checks.like(name, "dout", dout, "x", x);
        long pdx = Checks.like(name, "dx", dx, "x", x);
        boolean readsOut = op == UnaryOp.TANH || op == UnaryOp.SIGMOID || op == UnaryOp.EXP;
        if (readsOut && out == null) {
            throw new IllegalArgumentException(name + ": out is null, but the derivative of " + op
                    + " reads the forward output f(x)");
        }
        long po = readsOut ? Checks.like(name, "out", out, "x", x) : 0L;
        if (x.numel() > 0) {
            k.launch("unary_backward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    i32(op.ordinal()), ptr(px), ptr(po), ptr(pg), ptr(pdx), i64(x.numel()));
        }
    }

    /** nb: b.numel() when b's shape is a suffix of a's, 1 when b has one element; else rejected. */
    static long broadcastLength(String op, Tensor a, Tensor b) {
        if (b.numel() == 1) {
            return 1;
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        boolean suffix = bs.length <= as.length;
        for (int i = 1; suffix && i <= bs.length; i++) {
            suffix = as[as.length - i] == bs[bs.length - i];
        }
        if (!suffix) {
            throw new IllegalArgumentException(op + ": b " + Shapes.str(bs) + " cannot broadcast over a " + Shapes.str(as)
                    + " (b's shape must be a suffix of a's shape, or b must have one element)");
        }
        return b.numel();
    }

    private static void requireBounds(String op, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException(op + ": lo = " + lo + " and hi = " + hi + " must satisfy lo <= hi");
        }
    }

    private static String shapes(Tensor a, Tensor b) {
        return "a " + Shapes.str(a.shape()) + " b " + Shapes.str(b.shape());
    }
}
