package org.mbrl4j.backend.cpu;

import java.util.List;
import org.mbrl4j.backend.LayoutContract;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.cpu.LayoutBlocks.Direction;
import org.mbrl4j.backend.cpu.LayoutBlocks.View;
import org.mbrl4j.backend.cpu.LayoutIndexing.GatherPlan;
import org.mbrl4j.backend.cpu.PointwiseKernels.Write;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link LayoutOps}. Forwards of concat, split, slice and index-select copy F32
 * or I32 data; gather and every backward work on F32. {@link LayoutContract} checks the arguments;
 * index values, which only a backend holding the data can read, are checked against their bound here
 * before anything is written.
 */
final class CpuLayoutOps implements LayoutOps {

    @Override
    public void concat(List<Tensor> xs, int axis, Tensor out) {
        LayoutContract.Parts parts = LayoutContract.concat(xs, axis, out);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        View v = View.of(out.shape(), ax);
        for (int i = 0, start = 0; i < xs.size(); start += sizes[i], i++) {
            LayoutBlocks.move(Direction.PART_TO_WHOLE, Write.STORE, out, v, xs.get(i), start, sizes[i]);
        }
    }

    /**
     * A null entry's size cannot be read from a tensor, so at most one entry may be null: its size is
     * dout's length along axis minus the others'.
     */
    @Override
    public void concatBackward(Tensor dout, int axis, List<Tensor> dxs) {
        LayoutContract.Parts parts = LayoutContract.concatBackward(dout, axis, dxs);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        View v = View.of(dout.shape(), ax);
        for (int i = 0, start = 0; i < dxs.size(); start += sizes[i], i++) {
            if (dxs.get(i) != null) {
                LayoutBlocks.move(Direction.WHOLE_TO_PART, Write.ACCUMULATE, dout, v, dxs.get(i), start, sizes[i]);
            }
        }
    }

    @Override
    public void split(Tensor x, int axis, List<Tensor> outs) {
        LayoutContract.Parts parts = LayoutContract.split(x, axis, outs);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        View v = View.of(x.shape(), ax);
        for (int i = 0, start = 0; i < outs.size(); start += sizes[i], i++) {
            LayoutBlocks.move(Direction.WHOLE_TO_PART, Write.STORE, x, v, outs.get(i), start, sizes[i]);
        }
    }

    @Override
    public void splitBackward(List<Tensor> douts, int axis, Tensor dx) {
        LayoutContract.Parts parts = LayoutContract.splitBackward(douts, axis, dx);
        int ax = parts.axis();
        int[] sizes = parts.sizes();
        View v = View.of(dx.shape(), ax);
        for (int i = 0, start = 0; i < douts.size(); start += sizes[i], i++) {
            LayoutBlocks.move(Direction.PART_TO_WHOLE, Write.ACCUMULATE, dx, v, douts.get(i), start, sizes[i]);
        }
    }

    @Override
    public void slice(Tensor x, int axis, int start, Tensor out) {
        int ax = LayoutContract.slice(x, axis, start, out);
        LayoutBlocks.move(Direction.WHOLE_TO_PART, Write.STORE, x, View.of(x.shape(), ax), out, start, out.dim(ax));
    }

    @Override
    public void sliceBackward(Tensor dout, int axis, int start, Tensor dx) {
        int ax = LayoutContract.sliceBackward(dout, axis, start, dx);
        LayoutBlocks.move(Direction.PART_TO_WHOLE, Write.ACCUMULATE, dx, View.of(dx.shape(), ax), dout, start,
                dout.dim(ax));
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        int ax = LayoutContract.indexSelect(x, axis, index, out);
        LayoutIndexing.requireInRange("indexSelect", index, x.dim(ax), x, axis);
        View v = View.of(x.shape(), ax);
        int n = index.size();
        int[] iv = index.ints();
        Parallel.forRange(v.outer(), (long) n * v.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0; j < n; j++) {
                    int src = x.off() + (o * v.dim() + iv[index.off() + j]) * v.inner();
                    int dst = out.off() + (o * n + j) * v.inner();
                    if (x.dtype() == DType.F32) {
                        System.arraycopy(x.floats(), src, out.floats(), dst, v.inner());
                    } else {
                        System.arraycopy(x.ints(), src, out.ints(), dst, v.inner());
                    }
                }
            }
        });
    }

    @Override
    public void indexSelectBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        int ax = LayoutContract.indexSelectBackward(dout, axis, index, dx);
        LayoutIndexing.requireInRange("indexSelectBackward", index, dx.dim(ax), dx, axis);
        View v = View.of(dx.shape(), ax);
        int n = index.size();
        int[] iv = index.ints();
        // Repeated indices add into the same dx row; rows of different o never collide.
        Parallel.forRange(v.outer(), (long) n * v.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0; j < n; j++) {
                    PointwiseKernels.addInto(dout.floats(), dout.off() + (o * n + j) * v.inner(), dx.floats(),
                            dx.off() + (o * v.dim() + iv[index.off() + j]) * v.inner(), v.inner());
                }
            }
        });
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        int ax = LayoutContract.gather(x, axis, index, out);
        LayoutIndexing.requireInRange("gather", index, x.dim(ax), x, axis);
        GatherPlan p = GatherPlan.of(x.shape(), index.shape(), ax);
        float[] xv = x.floats();
        float[] ov = out.floats();
        int[] iv = index.ints();
        Parallel.forRange(p.outerOff().length, (long) p.n() * p.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0, q = o * p.n() * p.inner(); j < p.n(); j++) {
                    for (int l = 0; l < p.inner(); l++, q++) {
                        int src = p.outerOff()[o] + iv[index.off() + q] * p.axisStride() + p.innerOff()[l];
                        ov[out.off() + q] = xv[x.off() + src];
                    }
                }
            }
        });
    }

    @Override
    public void gatherBackward(Tensor dout, int axis, Tensor index, Tensor dx) {
        int ax = LayoutContract.gatherBackward(dout, axis, index, dx);
        LayoutIndexing.requireInRange("gatherBackward", index, dx.dim(ax), dx, axis);
        GatherPlan p = GatherPlan.of(dx.shape(), index.shape(), ax);
        float[] g = dout.floats();
        float[] d = dx.floats();
        int[] iv = index.ints();
        // Positions with different o address different dx elements (their leading coordinates differ),
        // so chunks over o never collide; repeated indices within one o add up in order.
        Parallel.forRange(p.outerOff().length, (long) p.n() * p.inner(), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int j = 0, q = o * p.n() * p.inner(); j < p.n(); j++) {
                    for (int l = 0; l < p.inner(); l++, q++) {
                        int dst = p.outerOff()[o] + iv[index.off() + q] * p.axisStride() + p.innerOff()[l];
                        d[dx.off() + dst] += g[dout.off() + q];
                    }
                }
            }
        });
    }
}
