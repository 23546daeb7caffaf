package org.mbrl4j.backend;

import java.util.List;
import org.mbrl4j.tensor.Tensor;

/** Ops that move data without arithmetic: concat, split, slice, index-select, gather. */
public interface LayoutOps {

    /** out = concatenation of xs along axis; all other dims equal. */
    void concat(List<Tensor> xs, int axis, Tensor out);

    /** dxs[i] += the slice of dout that came from xs[i]; null entries are skipped. */
    void concatBackward(Tensor dout, int axis, List<Tensor> dxs);

    /** outs[i] = consecutive slices of x along axis; sizes come from the outs' shapes. */
    void split(Tensor x, int axis, List<Tensor> outs);

    void splitBackward(List<Tensor> douts, int axis, Tensor dx);

    /** out = x[..., start:start+out.dim(axis), ...] along axis. */
    void slice(Tensor x, int axis, int start, Tensor out);

    void sliceBackward(Tensor dout, int axis, int start, Tensor dx);

    /** out = x.index_select(axis, index): index (I32, length n) picks n slices along axis. */
    void indexSelect(Tensor x, int axis, Tensor index, Tensor out);

    /** dx.index_add_(axis, index, dout): repeated indices accumulate. */
    void indexSelectBackward(Tensor dout, int axis, Tensor index, Tensor dx);

    /**
     * out = torch.gather(x, axis, index): index (I32) has x's rank and out's shape, and
     * out[i][j][k] = x[i][index[i][j][k]][k] for axis 1 (likewise for other axes).
     */
    void gather(Tensor x, int axis, Tensor index, Tensor out);

    /** dx.scatter_add_(axis, index, dout). */
    void gatherBackward(Tensor dout, int axis, Tensor index, Tensor dx);
}
