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
        String op = "conv2dForward";
        ConvDims d = ConvContract.conv2dForward(x, w, b, stride, y);
        long px = device(op, "x", x), pw = device(op, "w", w), py = device(op, "y", y);
        long pb = Checks.optionalAddress(op, "b", b);
        if (y.numel() > 0) {
            k.launch("conv2d_forward", Grids.strided(y.numel(), THREADS), THREADS, describe(x, w),
                    args(d, ptr(px), ptr(pw), ptr(pb), ptr(py)));
        }
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "conv2dBackward";
        ConvDims d = ConvContract.conv2dBackward(x, w, stride, dy, dx, dw, db);
        long px = device(op, "x", x), pw = device(op, "w", w), pdy = device(op, "dy", dy);
        long pdx = Checks.optionalAddress(op, "dx", dx);
        long pdw = Checks.optionalAddress(op, "dw", dw);
        long pdb = Checks.optionalAddress(op, "db", db);
        if (d.images() == 0) {
            return;
        }
        if (dx != null) {
            k.launch("conv2d_backward_input", Grids.strided(dx.numel(), THREADS), THREADS, describe(x, w),
                    args(d, ptr(pdy), ptr(pw), ptr(pdx)));
        }
        if (dw != null) {
            k.launch("conv2d_backward_weight", Dim3.of((int) w.numel()), THREADS, describe(x, w),
                    args(d, ptr(px), ptr(pdy), ptr(pdw)));
        }
        if (db != null) {
            biasGrad(pdy, pdb, d.images(), d.outChannels(), d.outPlane(), describe(x, w));
        }
    }

    @Override
    public void convTranspose2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y) {
        String op = "convTranspose2dForward";
        ConvDims d = ConvContract.convTranspose2dForward(x, w, b, stride, y);
        long px = device(op, "x", x), pw = device(op, "w", w), py = device(op, "y", y);
        long pb = Checks.optionalAddress(op, "b", b);
        if (y.numel() > 0) {
            k.launch("conv_transpose2d_forward", Grids.strided(y.numel(), THREADS), THREADS, describe(x, w),
                    args(d, ptr(px), ptr(pw), ptr(pb), ptr(py)));
        }
    }

    @Override
    public void convTranspose2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "convTranspose2dBackward";
        ConvDims d = ConvContract.convTranspose2dBackward(x, w, stride, dy, dx, dw, db);
        long px = device(op, "x", x), pw = device(op, "w", w), pdy = device(op, "dy", dy);
        long pdx = Checks.optionalAddress(op, "dx", dx);
        long pdw = Checks.optionalAddress(op, "dw", dw);
        long pdb = Checks.optionalAddress(op, "db", db);
        if (d.images() == 0) {
            return;
        }
        if (dx != null) {
            k.launch("conv_transpose2d_backward_input", Grids.strided(dx.numel(), THREADS), THREADS, describe(x, w),
                    args(d, ptr(pdy), ptr(pw), ptr(pdx)));
        }
        if (dw != null) {
            k.launch("conv_transpose2d_backward_weight", Dim3.of((int) w.numel()), THREADS, describe(x, w),
                    args(d, ptr(px), ptr(pdy), ptr(pdw)));
        }
        if (db != null) {
            biasGrad(pdy, pdb, d.images(), d.inChannels(), d.inPlane(), describe(x, w));
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
