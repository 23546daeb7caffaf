package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.SelectContract;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link SelectOps} on kernels/select.cu: one block per row sorts nextPow2(F) u64 keys in dynamic
 * shared memory (bitonic), so F is bounded by the device's opt-in shared memory per block (a device
 * rule added to {@link SelectContract}'s). The elite refit is one launch of {@code elite_refit_forward}:
 * one block per episode sorts its C scores the same way, then weighs and refits in shared memory.
 */
final class CudaSelectOps implements SelectOps {
    /** Bytes per sort key (u64). */
    static final int KEY_BYTES = 8;
    private static final int MAX_THREADS = 1024;
    private static final int ELITE_REFIT_THREADS = 256;
    /** Static shared memory of elite_refit_forward: the block-reduction scratch, 32 floats. */
    private static final int ELITE_REFIT_STATIC_SHARED = 32 * 4;
    private final ModuleKernels k;
    private final DeviceQueue queue;

    CudaSelectOps(DeviceQueue queue) {
        this.queue = queue;
        this.k = new ModuleKernels(queue, "select");
    }

    @Override
    public void topk(Tensor x, int kk, Tensor values, Tensor indices) {
        String op = "topk";
        int rows = SelectContract.topk(x, kk, values, indices);
        int c = x.dim(-1);
        long px = Checks.address(op, "x", x);
        Checks.fitsInt(op, "M·F of x", x.numel());
        long pv = Checks.address(op, "values", values);
        long pi = Checks.address(op, "indices", indices);
        int n = Grids.nextPow2(c);
        long shared = (long) n * KEY_BYTES;
        int limit = queue.limits().sharedPerBlockOptin();
        if (shared > limit) {
            throw new IllegalArgumentException(op + ": F=" + c + " needs nextPow2(F)·8 = " + shared + " bytes of shared"
                    + " memory per block, more than this device allows (" + limit + " bytes, so F <= " + limit / KEY_BYTES
                    + "); split the row or reduce the candidates");
        }
        if (rows > 0) {
            int threads = Math.min(MAX_THREADS, Math.max(Grids.WARP, n / 2));
            k.launch("topk_forward", Dim3.of(Math.min(rows, Dim3.MAX_GRID_YZ)), Dim3.of(threads), (int) shared,
                    Shapes.str(x.shape()) + " k=" + kk, ptr(px), ptr(pv), ptr(pi), i32(rows), i32(c), i32(kk));
        }
    }

    @Override
    public void topkBackward(Tensor indices, Tensor dvalues, Tensor dx) {
        String op = "topkBackward";
        int rows = SelectContract.topkBackward(indices, dvalues, dx);
        long pi = Checks.address(op, "indices", indices);
        long pg = Checks.address(op, "dvalues", dvalues);
        if (dx == null) {
            return;
        }
        long pdx = Checks.address(op, "dx", dx);
        Checks.fitsInt(op, "M·F of dx", dx.numel());
        long n = indices.numel();
        if (rows > 0 && n > 0) {
            k.launch("topk_backward", Grids.strided(n, Grids.THREADS), Grids.THREADS, Shapes.str(dx.shape()) + " k="
                    + indices.dim(-1), ptr(pi), ptr(pg), ptr(pdx), i32(rows), i32(dx.dim(-1)), i32(indices.dim(-1)));
        }
    }

    @Override
    public void eliteRefit(Tensor scores, Tensor actions, int kk, float temperature, float stdMin, float stdMax,
            Tensor eliteIndices, Tensor eliteScores, Tensor weights, Tensor mean, Tensor std) {
        String op = "eliteRefit";
        int e = SelectContract.eliteRefit(scores, actions, kk, temperature, stdMin, stdMax, eliteIndices, eliteScores,
                weights, mean, std);
        int c = scores.dim(1);
        int d = actions.dim(2);
        long ps = Checks.address(op, "scores", scores);
        long pa = Checks.address(op, "actions", actions);
        Checks.fitsInt(op, "E·C·D of actions", actions.numel());
        long pi = Checks.address(op, "eliteIndices", eliteIndices);
        long pes = Checks.address(op, "eliteScores", eliteScores);
        long pw = Checks.address(op, "weights", weights);
        long pm = Checks.address(op, "mean", mean);
        long pstd = Checks.address(op, "std", std);
        Tensor[] outs = {eliteIndices, eliteScores, weights, mean, std};
        String[] names = {"eliteIndices", "eliteScores", "weights", "mean", "std"};
        for (int i = 0; i < outs.length; i++) {
            Checks.disjoint(op, names[i], outs[i], "scores", scores);
            Checks.disjoint(op, names[i], outs[i], "actions", actions);
            for (int j = i + 1; j < outs.length; j++) {
                Checks.disjoint(op, names[i], outs[i], names[j], outs[j]);
            }
        }
        long shared = (long) Grids.nextPow2(c) * KEY_BYTES + 4L * kk;
        int limit = queue.limits().sharedPerBlockOptin() - ELITE_REFIT_STATIC_SHARED;
        if (shared > limit) {
            throw new IllegalArgumentException(op + ": C=" + c + " candidates and K=" + kk + " elites need nextPow2(C)·8"
                    + " + K·4 = " + shared + " bytes of shared memory per block, more than this device allows (" + limit
                    + " bytes); reduce the candidates");
        }
        k.launch("elite_refit_forward", Dim3.of(Math.min(e, Dim3.MAX_GRID_YZ)), Dim3.of(ELITE_REFIT_THREADS),
                (int) shared, Shapes.str(actions.shape()) + " k=" + kk, ptr(ps), ptr(pa), i32(e), i32(c), i32(d), i32(kk),
                f32(temperature), f32(stdMin), f32(stdMax), ptr(pi), ptr(pes), ptr(pw), ptr(pm), ptr(pstd));
    }
}
