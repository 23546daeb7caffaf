package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.RandomContract;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link RandomOps} on kernels/random.cu: one thread per Philox block (4 values), keys resolved to
 * device memory by {@link PhiloxKeys} (by value outside capture, bound device keys inside).
 * {@link RandomContract} checks the arguments; dropout_backward adds a device rule (dx disjoint from
 * dout, both {@code __restrict__} in the kernel).
 */
final class CudaRandomOps implements RandomOps {
    private final ModuleKernels k;
    private final PhiloxKeys keys;

    CudaRandomOps(DeviceQueue queue, PhiloxKeys keys) {
        this.k = new ModuleKernels(queue, "random");
        this.keys = keys;
    }

    @Override
    public void uniform(PhiloxKey key, float lo, float hi, Tensor out) {
        String op = "uniform";
        RandomContract.uniform(key, lo, hi, out);
        long po = Checks.address(op, "out", out);
        long n = out.numel();
        if (n > 0) {
            PhiloxKeys.Ref ref = keys.resolve(key, PhiloxKey.blocksFor(n), op);
            k.launch("uniform_forward", blocksGrid(n), Grids.THREADS, Shapes.str(out.shape()), ptr(ref.address()),
                    i64(ref.offset()), f32(lo), f32(hi), ptr(po), i64(n));
        }
    }

    @Override
    public void normal(PhiloxKey key, float mean, float std, Tensor out) {
        String op = "normal";
        RandomContract.normal(key, mean, std, out);
        long po = Checks.address(op, "out", out);
        long n = out.numel();
        if (n > 0) {
            PhiloxKeys.Ref ref = keys.resolve(key, PhiloxKey.blocksFor(n), op);
            k.launch("normal_forward", blocksGrid(n), Grids.THREADS, Shapes.str(out.shape()), ptr(ref.address()),
                    i64(ref.offset()), f32(mean), f32(std), ptr(po), i64(n));
        }
    }

    @Override
    public void randint(PhiloxKey key, int lo, int hi, Tensor out) {
        String op = "randint";
        RandomContract.randint(key, lo, hi, out);
        long po = Checks.address(op, "out", out);
        long n = out.numel();
        if (n > 0) {
            PhiloxKeys.Ref ref = keys.resolve(key, PhiloxKey.blocksFor(n), op);
            k.launch("randint_forward", blocksGrid(n), Grids.THREADS, Shapes.str(out.shape()), ptr(ref.address()),
                    i64(ref.offset()), i32(lo), i32(hi), ptr(po), i64(n));
        }
    }

    @Override
    public void categorical(PhiloxKey key, Tensor probs, Tensor out) {
        String op = "categorical";
        int rows = RandomContract.categorical(key, probs, out);
        long pp = Checks.address(op, "probs", probs);
        Checks.fitsInt(op, "M·F of probs", probs.numel());
        long po = Checks.address(op, "out", out);
        if (rows > 0) {
            PhiloxKeys.Ref ref = keys.resolve(key, PhiloxKey.blocksFor(rows), op);
            k.launch("categorical_forward", Grids.strided(rows, Grids.THREADS), Grids.THREADS, Shapes.str(probs.shape()),
                    ptr(ref.address()), i64(ref.offset()), ptr(pp), ptr(po), i32(rows), i32(probs.dim(-1)));
        }
    }

    /** One thread shuffles 0..n-1 in shared memory (n <= 1024) and writes the first K entries. */
    @Override
    public void permutationPrefix(PhiloxKey key, int n, Tensor out) {
        String op = "permutationPrefix";
        RandomContract.permutationPrefix(key, n, out);
        long po = Checks.address(op, "out", out);
        int count = out.dim(0);
        if (count > 0) {
            PhiloxKeys.Ref ref = keys.resolve(key, Math.max(n - 1, 0), op);
            k.launch("permutation_prefix_forward", Dim3.of(1), 1, "n=" + n + ", K=" + count, ptr(ref.address()),
                    i64(ref.offset()), i32(n), ptr(po), i32(count));
        }
    }

    @Override
    public void dropoutForward(Tensor x, DenseOps.DropoutSpec spec, Tensor out) {
        String op = "dropoutForward";
        RandomContract.dropoutForward(x, spec, out);
        long px = Checks.address(op, "x", x);
        long po = Checks.address(op, "out", out);
        long n = x.numel();
        if (n > 0) {
            PhiloxKeys.Ref ref = keys.resolve(spec.key(), PhiloxKey.blocksFor(n), op);
            k.launch("dropout_forward", blocksGrid(n), Grids.THREADS, Shapes.str(x.shape()) + " p=" + spec.p(),
                    ptr(ref.address()), i64(ref.offset()), f32(spec.p()), ptr(px), ptr(po), i64(n));
        }
    }

    @Override
    public void dropoutBackward(DenseOps.DropoutSpec spec, Tensor dout, Tensor dx) {
        String op = "dropoutBackward";
        RandomContract.dropoutBackward(spec, dout, dx);
        long pg = Checks.address(op, "dout", dout);
        long pdx = Checks.optionalAddress(op, "dx", dx);
        Checks.disjoint(op, "dx", dx, "dout", dout);
        long n = dout.numel();
        if (dx != null && n > 0) {
            PhiloxKeys.Ref ref = keys.resolve(spec.key(), PhiloxKey.blocksFor(n), op);
            k.launch("dropout_backward", blocksGrid(n), Grids.THREADS, Shapes.str(dout.shape()) + " p=" + spec.p(),
                    ptr(ref.address()), i64(ref.offset()), f32(spec.p()), ptr(pg), ptr(pdx), i64(n));
        }
    }

    /** One thread per Philox block of an n-value draw. */
    private static Dim3 blocksGrid(long n) {
        return Grids.strided(PhiloxKey.blocksFor(n), Grids.THREADS);
    }
}
