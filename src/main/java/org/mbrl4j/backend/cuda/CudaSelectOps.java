package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.SelectContract;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link SelectOps} on kernels/select.cu: one block per row sorts nextPow2(F) u64 keys in dynamic
 * shared memory (bitonic), so F is bounded by the device's opt-in shared memory per block (a device
 * rule added to {@link SelectContract}'s).
 */
final class CudaSelectOps implements SelectOps {
    /** Bytes per sort key (u64). */
    static final int KEY_BYTES = 8;
    private static final int MAX_THREADS = 1024;
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
}
