package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.PixelContract;
import org.mbrl4j.backend.PixelOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link PixelOps} on kernels/pixel.cu; {@link PixelContract} checks the arguments, then the device
 * rule (numel of x within the kernels' int index range for the shift) and the launches. The
 * preprocessing's key is resolved by {@link PhiloxKeys} as the random kernels' are.
 */
final class CudaPixelOps implements PixelOps {
    private static final int THREADS = 256;
    private final ModuleKernels k;
    private final PhiloxKeys keys;

    CudaPixelOps(DeviceQueue queue, PhiloxKeys keys) {
        this.k = new ModuleKernels(queue, "pixel");
        this.keys = keys;
    }

    @Override
    public void randomShift(Tensor x, Tensor shifts, Tensor y) {
        String op = "randomShift";
        PixelContract.randomShift(x, shifts, y);
        long px = Checks.address(op, "x", x);
        long ps = Checks.address(op, "shifts", shifts);
        long py = Checks.address(op, "y", y);
        Checks.fitsInt(op, "numel of x", x.numel());
        if (x.numel() > 0) {
            k.launch("random_shift_forward", Grids.strided(x.numel(), THREADS), THREADS, Shapes.str(x.shape()),
                    ptr(px), ptr(ps), ptr(py), i32(x.dim(0)), i32(x.dim(1)), i32(x.dim(2)), i32(x.dim(3)));
        }
    }

    @Override
    public void planetPreprocess(Tensor x, int bits, PhiloxKey key, Tensor y) {
        String op = "planetPreprocess";
        PixelContract.planetPreprocess(x, bits, key, y);
        long px = Checks.address(op, "x", x);
        long py = Checks.address(op, "y", y);
        long n = x.numel();
        if (n > 0) {
            PhiloxKeys.Ref ref = keys.resolve(key, PhiloxKey.blocksFor(n), op);
            k.launch("planet_preprocess_forward", Grids.strided(PhiloxKey.blocksFor(n), THREADS), THREADS,
                    Shapes.str(x.shape()) + " bits=" + bits, ptr(ref.address()), i64(ref.offset()), i32(bits), ptr(px),
                    ptr(py), i64(n));
        }
    }
}
