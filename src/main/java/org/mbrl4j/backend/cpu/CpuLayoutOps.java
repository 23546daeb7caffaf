package org.mbrl4j.backend.cpu;

import java.util.List;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link LayoutOps}. */
final class CpuLayoutOps implements LayoutOps {

    @Override
    public void concat(List<Tensor> xs, int axis, Tensor out) {
        throw new UnsupportedOperationException("cpu concat: not implemented yet");
    }

    @Override
    public void concatBackward(Tensor dout, int axis, List<Tensor> dxs) {
        throw new UnsupportedOperationException("cpu concatBackward: not implemented yet");
    }

    @Override
    public void split(Tensor x, int axis, List<Tensor> outs) {
        throw new UnsupportedOperationException("cpu split: not implemented yet");
    }

    @Override
    public void splitBackward(List<Tensor> douts, int axis, Tensor dx) {
        throw new UnsupportedOperationException("cpu splitBackward: not implemented yet");
    }

    @Override
    public void slice(Tensor x, int axis, int start, Tensor out) {
        throw new UnsupportedOperationException("cpu slice: not implemented yet");
    }

    @Override
    public void sliceBackward(Tensor dout, int axis, int start, Tensor dx) {
        throw new UnsupportedOperationException("cpu sliceBackward: not implemented yet");
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("cpu indexSelect: not implemented yet");
    }

    @Override
    public void indexSelectBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        throw new UnsupportedOperationException("cpu indexSelectBackward: not implemented yet");
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("cpu gather: not implemented yet");
    }

    @Override
    public void gatherBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        throw new UnsupportedOperationException("cpu gatherBackward: not implemented yet");
    }

}
