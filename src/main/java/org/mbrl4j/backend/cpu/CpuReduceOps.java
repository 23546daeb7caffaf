package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.ReduceContract;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link ReduceOps}; {@link ReduceContract} checks the arguments. Every output element sums its inputs in row-major order
 * in double (then divides by the count for MEAN), independent of the thread count. An empty
 * {@code axes} reduces nothing (out = x). Index bookkeeping lives in {@link ReducePlan}.
 */
final class CpuReduceOps implements ReduceOps {

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        boolean[] reduced = ReduceContract.reduce(op, x, axes, out);
        ReducePlan p = ReducePlan.of(x.shape(), reduced);
        double scale = op == ReduceOp.MEAN ? 1.0 / p.count : 1.0;
        float[] xv = x.floats();
        float[] ov = out.floats();
        int xo = x.off();
        int oo = out.off();
        int inner = p.inner;
        if (p.innerReduced) {
            Parallel.forRange(p.keptOff.length, p.count, (from, to) -> {
                for (int o = from; o < to; o++) {
                    double acc = 0;
                    for (int r : p.redOff) {
                        int base = xo + p.keptOff[o] + r;
                        for (int l = 0; l < inner; l++) {
                            acc += xv[base + l];
                        }
                    }
                    ov[oo + o] = (float) (acc * scale);
                }
            });
        } else {
            for (int o = 0; o < p.keptOff.length; o++) {
                int outBase = oo + o * inner;
                int xBase = xo + p.keptOff[o];
                Parallel.forRange(inner, p.count, (from, to) -> {
                    double[] acc = new double[to - from];
                    for (int r : p.redOff) {
                        int base = xBase + r;
                        for (int l = from; l < to; l++) {
                            acc[l - from] += xv[base + l];
                        }
                    }
                    for (int l = from; l < to; l++) {
                        ov[outBase + l] = (float) (acc[l - from] * scale);
                    }
                });
            }
        }
    }

    @Override
    public void reduceBackward(ReduceOp op, int[] axes, Tensor dout, Tensor dx) {
        boolean[] reduced = ReduceContract.reduceBackward(op, axes, dout, dx);
        ReducePlan p = ReducePlan.of(dx.shape(), reduced);
        float scale = op == ReduceOp.MEAN ? (float) (1.0 / p.count) : 1f;
        float[] g = dout.floats();
        float[] d = dx.floats();
        int go = dout.off();
        int dxo = dx.off();
        int inner = p.inner;
        // Each dx element belongs to exactly one output element, so chunks over o never collide.
        Parallel.forRange(p.keptOff.length, p.count * (p.innerReduced ? 1 : inner), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int r : p.redOff) {
                    int base = dxo + p.keptOff[o] + r;
                    for (int l = 0; l < inner; l++) {
                        float v = p.innerReduced ? g[go + o] : g[go + o * inner + l];
                        d[base + l] += v * scale;
                    }
                }
            }
        });
    }

    @Override
    public void runningScale(Tensor x, Tensor scale, float tau, Tensor out) {
        ReduceContract.runningScale(x, scale, tau, out);
        RunningScaleStep.apply(x, scale, tau, out);
    }
}
