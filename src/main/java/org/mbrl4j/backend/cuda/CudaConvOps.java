package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.ConvContract;
import org.mbrl4j.backend.ConvDims;
import org.mbrl4j.backend.ConvOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link ConvOps} on kernels/conv.cu; {@link ConvContract} checks the arguments, then the device rule
 * (every tensor's numel within the kernels' int dims) and the launches. Every entry point takes the
 * dims of the convolution ({@link ConvDims}); a transposed convolution passes those of the convolution
 * it transposes.
 */
final class CudaConvOps implements ConvOps {
    private static final int THREADS = 256;
    private final ModuleKernels k;

    CudaConvOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "conv");
    }

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y) {
        forward("conv2dForward", "conv2d_forward", ConvContract.conv2dForward(x, w, b, stride, y), x, w, b, y);
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        ConvDims d = ConvContract.conv2dBackward(x, w, stride, dy, dx, dw, db);
        backward("conv2dBackward", "conv2d", d, x, w, dy, dx, dw, db, d.outChannels(), d.outPlane());
    }

    @Override
    public void convTranspose2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y) {
        forward("convTranspose2dForward", "conv_transpose2d_forward",
                ConvContract.convTranspose2dForward(x, w, b, stride, y), x, w, b, y);
    }

    @Override
    public void convTranspose2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        ConvDims d = ConvContract.convTranspose2dBackward(x, w, stride, dy, dx, dw, db);
        // the image side of a transposed convolution is its output: the bias sums over (Ci, Hi·Wi) of d
        backward("convTranspose2dBackward", "conv_transpose2d", d, x, w, dy, dx, dw, db, d.inChannels(), d.inPlane());
    }

    /** y = b + the op's forward, one thread per element of y; {@code d} comes from the contract. */
    private void forward(String op, String kernel, ConvDims d, Tensor x, Tensor w, Tensor b, Tensor y) {
        long px = device(op, "x", x), pw = device(op, "w", w), py = device(op, "y", y);
        long pb = Checks.optionalAddress(op, "b", b);
        if (y.numel() > 0) {
            k.launch(kernel, Grids.strided(y.numel(), THREADS), THREADS, describe(x, w),
                    args(d, ptr(px), ptr(pw), ptr(pb), ptr(py)));
        }
    }

    /**
     * The launches of {@code <prefix>_backward_input} and {@code _weight} and the shared bias kernel
     * over (biasChannels, biasPlane) of dy, each skipped when its gradient is null.
     */
    private void backward(String op, String prefix, ConvDims d, Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
            Tensor db, int biasChannels, int biasPlane) {
        long px = device(op, "x", x), pw = device(op, "w", w), pdy = device(op, "dy", dy);
        long pdx = Checks.optionalAddress(op, "dx", dx);
        long pdw = Checks.optionalAddress(op, "dw", dw);
        long pdb = Checks.optionalAddress(op, "db", db);
        if (d.images() == 0) {
            return;
        }
        if (dx != null) {
            k.launch(prefix + "_backward_input", Grids.strided(dx.numel(), THREADS), THREADS, describe(x, w),
                    args(d, ptr(pdy), ptr(pw), ptr(pdx)));
        }
        if (dw != null) {
            k.launch(prefix + "_backward_weight", Dim3.of((int) w.numel()), THREADS, describe(x, w),
                    args(d, ptr(px), ptr(pdy), ptr(pdw)));
        }
        if (db != null) {
            biasGrad(pdy, pdb, d.images(), biasChannels, biasPlane, describe(x, w));
        }
    }

    private void biasGrad(long pdy, long pdb, int images, int channels, int plane, String shapes) {
        k.launch("conv2d_backward_bias", Dim3.of(channels), THREADS, shapes, ptr(pdy), ptr(pdb), i32(images),
                i32(channels), i32(plane));
    }

    /** The device address of a tensor whose numel the kernels index within int range. */
    private static long device(String op, String arg, Tensor t) {
        long p = Checks.address(op, arg, t);
        Checks.fitsInt(op, "numel of " + arg, t.numel());
        return p;
    }

    /** The pointers, then M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s: every conv entry point's dims arguments. */
    private static KernelArg[] args(ConvDims d, KernelArg... pointers) {
        KernelArg[] dims = {i32(d.images()), i32(d.inChannels()), i32(d.inH()), i32(d.inW()), i32(d.outChannels()),
                i32(d.outH()), i32(d.outW()), i32(d.kh()), i32(d.kw()), i32(d.stride())};
        KernelArg[] all = java.util.Arrays.copyOf(pointers, pointers.length + dims.length);
        System.arraycopy(dims, 0, all, pointers.length, dims.length);
        return all;
    }

    private static String describe(Tensor x, Tensor w) {
        return "x " + Shapes.str(x.shape()) + ", w " + Shapes.str(w.shape());
    }
}
