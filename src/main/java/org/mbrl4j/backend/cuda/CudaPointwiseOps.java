package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.PointwiseContract;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link PointwiseOps} on kernels/pointwise.cu; {@link PointwiseContract} checks the arguments (b
 * broadcasts over a as a suffix or a single element, so nb divides n; out may alias a but never b).
 * binaryBackward adds the kernel's rule: gradients apart from the inputs, da and db the same tensor
 * (mul(x, x)) or disjoint.
 */
final class CudaPointwiseOps implements PointwiseOps {
    private final ModuleKernels k;

    CudaPointwiseOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "pointwise");
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = "binary " + op;
        long nb = PointwiseContract.binary(op, a, b, out);
        long pa = Checks.address(name, "a", a);
        long pb = Checks.address(name, "b", b);
        long po = Checks.address(name, "out", out);
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
        long nb = PointwiseContract.binaryBackward(op, a, b, dout, da, db);
        long pa = Checks.address(name, "a", a);
        long pb = Checks.address(name, "b", b);
        long pg = Checks.address(name, "dout", dout);
        long pda = Checks.optionalAddress(name, "da", da);
        long pdb = Checks.optionalAddress(name, "db", db);
        gradientsApartFromInputs(name, a, b, dout, da, db);
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
        PointwiseContract.scale(x, out);
        long px = Checks.address("scale", "x", x);
        long po = Checks.address("scale", "out", out);
        if (x.numel() > 0) {
            k.launch("scale_forward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    ptr(px), f32(s), ptr(po), i64(x.numel()));
        }
    }

    @Override
    public void scaleBackward(float s, Tensor dout, Tensor dx) {
        PointwiseContract.scaleBackward(dout, dx);
        long pg = Checks.address("scaleBackward", "dout", dout);
        long pdx = Checks.address("scaleBackward", "dx", dx);
        if (dout.numel() > 0) {
            k.launch("scale_backward", Grids.strided(dout.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(dout.shape()), f32(s), ptr(pg), ptr(pdx), i64(dout.numel()));
        }
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor out) {
        PointwiseContract.clamp(x, lo, hi, out);
        long px = Checks.address("clamp", "x", x);
        long po = Checks.address("clamp", "out", out);
        if (x.numel() > 0) {
            k.launch("clamp_forward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    ptr(px), f32(lo), f32(hi), ptr(po), i64(x.numel()));
        }
    }

    @Override
    public void clampBackward(Tensor x, float lo, float hi, Tensor dout, Tensor dx) {
        PointwiseContract.clampBackward(x, lo, hi, dout, dx);
        long px = Checks.address("clampBackward", "x", x);
        long pg = Checks.address("clampBackward", "dout", dout);
        long pdx = Checks.address("clampBackward", "dx", dx);
        if (x.numel() > 0) {
            k.launch("clamp_backward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    ptr(px), f32(lo), f32(hi), ptr(pg), ptr(pdx), i64(x.numel()));
        }
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        String name = "unary " + op;
        PointwiseContract.unary(op, x, out);
        long px = Checks.address(name, "x", x);
        long po = Checks.address(name, "out", out);
        if (x.numel() > 0) {
            k.launch("unary_forward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    i32(op.ordinal()), ptr(px), ptr(po), i64(x.numel()));
        }
    }

    /** {@code out} may be null unless the derivative reads f(x) (TANH, SIGMOID, EXP). */
    @Override
    public void unaryBackward(UnaryOp op, Tensor x, Tensor out, Tensor dout, Tensor dx) {
        String name = "unaryBackward " + op;
        boolean readsOut = PointwiseContract.unaryBackward(op, x, out, dout, dx);
        long px = Checks.address(name, "x", x);
        long pg = Checks.address(name, "dout", dout);
        long pdx = Checks.address(name, "dx", dx);
        long po = readsOut ? Checks.address(name, "out", out) : 0L;
        if (x.numel() > 0) {
            k.launch("unary_backward", Grids.strided(x.numel(), Grids.THREADS), Grids.THREADS, Shapes.str(x.shape()),
                    i32(op.ordinal()), ptr(px), ptr(po), ptr(pg), ptr(pdx), i64(x.numel()));
        }
    }

    /**
     * binary_backward reads a, b and dout through __restrict__ (and the read-only cache) while it
     * writes da and db, so no gradient may overlap an input. da and db themselves may be one tensor:
     * the tape passes x's gradient twice for mul(x, x), and the kernel's da, db are not __restrict__.
     */
    private static void gradientsApartFromInputs(String name, Tensor a, Tensor b, Tensor dout, Tensor da, Tensor db) {
        for (String g : new String[] {"da", "db"}) {
            Tensor grad = g.equals("da") ? da : db;
            Checks.disjoint(name, g, grad, "a", a);
            Checks.disjoint(name, g, grad, "b", b);
            Checks.disjoint(name, g, grad, "dout", dout);
        }
        Checks.sameOrDisjoint(name, "da", da, "db", db);
    }

    private static String shapes(Tensor a, Tensor b) {
        return "a " + Shapes.str(a.shape()) + " b " + Shapes.str(b.shape());
    }
}
