package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.ConvContract;
import org.mbrl4j.backend.ConvDims;
import org.mbrl4j.backend.ConvOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link ConvOps}: {@link ConvContract} checks the arguments, then the cores of
 * {@link Conv2d} compute. A transposed convolution is the adjoint of the convolution its dims describe:
 * its forward is {@link Conv2d#images}, its input gradient {@link Conv2d#features}, and its weight
 * gradient {@link Conv2d#weightGrad} with the roles of x and dy swapped.
 */
final class CpuConvOps implements ConvOps {

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y) {
        Conv2d.features(ConvContract.conv2dForward(x, w, b, stride, y), x, w, b, y, false);
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        ConvDims d = ConvContract.conv2dBackward(x, w, stride, dy, dx, dw, db);
        if (dx != null) {
            Conv2d.images(d, dy, w, null, dx, true);
        }
        if (dw != null) {
            Conv2d.weightGrad(d, x, dy, dw);
        }
        if (db != null) {
            Conv2d.biasGrad(d.images(), d.outChannels(), d.outPlane(), dy, db);
        }
    }

    @Override
    public void convTranspose2dForward(Tensor x, Tensor w, Tensor b, int stride, Tensor y) {
        Conv2d.images(ConvContract.convTranspose2dForward(x, w, b, stride, y), x, w, b, y, false);
    }

    @Override
    public void convTranspose2dBackward(Tensor x, Tensor w, int stride, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        ConvDims d = ConvContract.convTranspose2dBackward(x, w, stride, dy, dx, dw, db);
        if (dx != null) {
            Conv2d.features(d, dy, w, null, dx, true);
        }
        if (dw != null) {
            Conv2d.weightGrad(d, dy, x, dw);
        }
        if (db != null) {
            Conv2d.biasGrad(d.images(), d.inChannels(), d.inPlane(), dy, db);
        }
    }
}
