package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.util.Arrays;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The planner's elite step (spec 000, Planner.plan steps 8-10) as one launch of kernels/elite.cu:
 * top-K of the candidate scores, softmax weights at a temperature, and the weighted mean and std
 * refit of the elite action sequences, std clamped. It has no {@code Backend} interface (the CPU
 * planner composes topk, softmax and a Java loop), so the planner reaches it through
 * {@link CudaBackend#elite()}.
 */
public final class CudaElite {
    private static final int THREADS = 1024;
    /** Static shared memory of elite_forward: the block-reduction scratch, 32 floats. */
    private static final int STATIC_SHARED = 32 * 4;
    private final ModuleKernels k;
    private final DeviceQueue queue;

    CudaElite(DeviceQueue queue) {
        this.queue = queue;
        this.k = new ModuleKernels(queue, "elite");
    }

    /**
     * @param scores      (N) candidate scores (value + lambda·disagreement)
     * @param actions     (N, ...) candidate action sequences, D = numel / N values each (e.g. (N, T, A))
     * @param eliteCount  K, 1 <= K <= min(N, 1024)
     * @param temperature > 0; weights = softmax(elite scores / temperature)
     * @param eliteIdx    (K) I32 out: elite indices, best first
     * @param eliteScores (K) out: their raw scores
     * @param weights     (K) out: softmax weights
     * @param mean        actions' shape without the first dim, out: weighted mean
     * @param std         like mean, out: weighted std clamped to [stdMin, stdMax]
     */
    public void elite(Tensor scores, Tensor actions, int eliteCount, float temperature, float stdMin, float stdMax,
            Tensor eliteIdx, Tensor eliteScores, Tensor weights, Tensor mean, Tensor std) {
        String op = "elite";
        long ps = Checks.f32(op, "scores", scores);
        Shapes.requireRank(op, "scores", scores, 1);
        int n = scores.dim(0);
        long pa = Checks.f32(op, "actions", actions);
        if (actions.rank() < 2 || actions.dim(0) != n) {
            throw new IllegalArgumentException(op + ": actions " + Shapes.str(actions.shape()) + " must be (N, ...) with"
                    + " N=" + n + " from scores");
        }
        int d = Checks.fitsInt(op, "D", actions.numel() / Math.max(n, 1));
        Checks.fitsInt(op, "numel(actions)", actions.numel());
        if (eliteCount < 1 || eliteCount > n || eliteCount > THREADS) {
            throw new IllegalArgumentException(op + ": K=" + eliteCount + " must be in [1, min(N, 1024)] with N=" + n);
        }
        if (!(temperature > 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException(op + ": temperature=" + temperature + " must be finite and > 0");
        }
        if (!(stdMin <= stdMax)) {
            throw new IllegalArgumentException(op + ": std_min=" + stdMin + " must be <= std_max=" + stdMax);
        }
        long pi = Checks.i32(op, "eliteIdx", eliteIdx);
        Shapes.requireShape(op, "eliteIdx", eliteIdx, eliteCount);
        long pes = Checks.f32(op, "eliteScores", eliteScores, eliteCount);
        long pw = Checks.f32(op, "weights", weights, eliteCount);
        int[] rowShape = Arrays.copyOfRange(actions.shape(), 1, actions.rank());
        long pm = Checks.f32(op, "mean", mean, rowShape);
        long pstd = Checks.f32(op, "std", std, rowShape);
        long shared = (long) Grids.nextPow2(n) * CudaSelectOps.KEY_BYTES + 4L * eliteCount;
        int limit = queue.limits().sharedPerBlockOptin() - STATIC_SHARED;
        if (shared > limit) {
            throw new IllegalArgumentException(op + ": N=" + n + " candidates need nextPow2(N)·8 + K·4 = " + shared
                    + " bytes of shared memory, more than this device allows (" + limit + ")");
        }
        k.launch("elite_forward", Dim3.of(1), Dim3.of(THREADS), (int) shared, "N=" + n + " D=" + d + " K=" + eliteCount,
                ptr(ps), ptr(pa), i32(n), i32(d), i32(eliteCount), f32(temperature), f32(stdMin), f32(stdMax), ptr(pi),
                ptr(pes), ptr(pw), ptr(pm), ptr(pstd));
    }
}
