package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;

/**
 * The CPU definition of {@link SelectOps#eliteRefit}: per episode, the planner's unfused sequence of
 * CPU ops in the planner's order, so its bits are the bits TD-MPC2's golden runs recorded:
 * <pre>
 *   idx, es = topk(scores[e], K)              w = softmax(es / temperature)     (div by a (1) tensor)
 *   elite = actions[e][idx]  (K, D)           mean = w (1, K) · elite            (a GEMM)
 *   dev = elite − mean;  sq = dev·dev         var = w (1, K) · sq                (a GEMM)
 *   std = clamp(exp(0.5·ln var), std_min, std_max)                               (sqrt as exp(½·ln x); 0 → 0)
 * </pre>
 * The intermediates live in one heap scratch per call.
 */
final class CpuEliteRefit {
    private final SelectOps select;
    private final PointwiseOps pointwise;
    private final NormOps norm;
    private final LayoutOps layout;
    private final DenseOps dense;

    CpuEliteRefit(SelectOps select, PointwiseOps pointwise, NormOps norm, LayoutOps layout, DenseOps dense) {
        this.select = select;
        this.pointwise = pointwise;
        this.norm = norm;
        this.layout = layout;
        this.dense = dense;
    }

    void forward(Tensor scores, Tensor actions, int k, float temperature, float stdMin, float stdMax,
            Tensor eliteIndices, Tensor eliteScores, Tensor weights, Tensor mean, Tensor std, int episodes) {
        int c = scores.dim(1);
        int d = actions.dim(2);
        Scratch s = new Scratch(k, d);
        s.temperature.floats()[s.temperature.off()] = temperature;
        for (int e = 0; e < episodes; e++) {
            Tensor idx = eliteIndices.rows(e, 1).reshape(k);
            Tensor es = eliteScores.rows(e, 1).reshape(k);
            Tensor w = weights.rows(e, 1).reshape(k);
            Tensor mu = mean.rows(e, 1); // (1, D)
            // 8) elite_indices = topk(scores, K), descending
            select.topk(scores.rows(e, 1).reshape(c), k, es, idx);
            // 9) w = softmax(scores[elite_indices] / temp)
            pointwise.binary(BinaryOp.DIV, es, s.temperature, s.scaled);
            norm.softmaxForward(s.scaled, w);
            // 10) elite_actions = actions[elite_indices]; mean and std weighted by w, as one GEMM each
            Tensor w1 = w.reshape(1, k);
            layout.indexSelect(actions.rows(e, 1).reshape(c, d), 0, idx, s.elite);
            dense.gemm(w1, Transpose.N, s.elite, Transpose.N, mu, 1f, 0f);
            pointwise.binary(BinaryOp.SUB, s.elite, mu.reshape(d), s.dev);
            pointwise.binary(BinaryOp.MUL, s.dev, s.dev, s.sq);
            dense.gemm(w1, Transpose.N, s.sq, Transpose.N, s.var, 1f, 0f);
            pointwise.unary(UnaryOp.LOG, s.var, s.logVar);
            pointwise.scale(s.logVar, 0.5f, s.halfLogVar);
            pointwise.unary(UnaryOp.EXP, s.halfLogVar, s.root);
            pointwise.clamp(s.root, stdMin, stdMax, std.rows(e, 1));
        }
    }

    /** The intermediates of one episode's refit, views of one heap allocation. */
    private static final class Scratch {
        final Tensor temperature;
        final Tensor scaled;
        final Tensor elite;
        final Tensor dev;
        final Tensor sq;
        final Tensor var;
        final Tensor logVar;
        final Tensor halfLogVar;
        final Tensor root;
        private final HostStorage storage;
        private long next;

        Scratch(int k, int d) {
            long kd = (long) k * d;
            storage = HostStorage.allocate(DType.F32, 1 + k + 3 * kd + 4L * d);
            temperature = take(1);
            scaled = take(k);
            elite = take(k, d);
            dev = take(k, d);
            sq = take(k, d);
            var = take(1, d);
            logVar = take(1, d);
            halfLogVar = take(1, d);
            root = take(1, d);
        }

        private Tensor take(int... shape) {
            Tensor t = new Tensor(storage, next, shape, false);
            next += t.numel();
            return t;
        }
    }
}
