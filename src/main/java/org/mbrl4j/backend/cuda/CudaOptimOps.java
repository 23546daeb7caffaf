package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.nullPtr;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.OptimContract;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link OptimOps} on kernels/optim.cu: each op is one launch over a whole tensor list, described by
 * a slot table (multi_tensor.cuh: AdamSlot 56 bytes, TensorSlot 32 bytes, little-endian) uploaded
 * once per distinct list and kept at a fixed address ({@link DeviceQueue#table}). Adam's step is
 * written by value outside capture; a captured adam reads its optimizer's bound {@link DeviceCounter} (one
 * per slot list, so two Adams in one graph, TD-MPC2's model and policy, keep their own steps), else the
 * shared one.
 * sum_squares always runs the same grid (4 blocks per SM), which makes its tree deterministic.
 * Tables are cached by content, so a learning rate that changes every step (a schedule) would add a
 * table per distinct value: TD-MPC2's rates are constant; a schedule needs an in-place lr rewrite
 * (the header's "lr/eps live in the slot array"), not implemented yet.
 */
final class CudaOptimOps implements OptimOps {
    /** multi_tensor.cuh MT_CHUNK = 256 threads × 8 elements. */
    static final int CHUNK = 2048;
    static final int ADAM_SLOT_BYTES = 56;
    static final int TENSOR_SLOT_BYTES = 32;
    private static final int BLOCKS_PER_SM = 4;
    private final ModuleKernels k;
    private final DeviceQueue queue;
    private DeviceCounter boundStep;
    private final Map<Long, DeviceCounter> stepsOf = new HashMap<>();

    CudaOptimOps(DeviceQueue queue) {
        this.queue = queue;
        this.k = new ModuleKernels(queue, "optim");
    }

    @Override
    public void adam(List<AdamSlot> slots, float beta1, float beta2, int step) {
        adam("adam", slots, beta1, beta2, step, nullPtr());
    }

    @Override
    public void adamUnlessHalted(List<AdamSlot> slots, float beta1, float beta2, int step, Tensor halt) {
        String op = "adamUnlessHalted";
        OptimContract.halt(op, halt);
        adam(op, slots, beta1, beta2, step, ptr(Checks.address(op, "halt", halt)));
    }

    private void adam(String op, List<AdamSlot> slots, float beta1, float beta2, int step, KernelArg halt) {
        OptimContract.adam(slots, beta1, beta2, step);
        ByteBuffer table = table(slots.size(), ADAM_SLOT_BYTES);
        long chunks = 0;
        for (int s = 0; s < slots.size(); s++) {
            AdamSlot slot = slots.get(s);
            String at = "slots[" + s + "].";
            long p = Checks.address(op, at + "param", slot.param());
            long g = Checks.address(op, at + "grad", slot.grad());
            long m = Checks.address(op, at + "m", slot.m());
            long v = Checks.address(op, at + "v", slot.v());
            table.putLong(p).putLong(g).putLong(m).putLong(v).putLong(slot.param().numel()).putLong(chunks)
                    .putFloat(slot.lr()).putFloat(slot.eps());
            chunks += Math.ceilDiv(slot.param().numel(), CHUNK);
        }
        if (chunks == 0) {
            return;
        }
        long stepAddress = stepAddress(op, slots, step);
        k.launch("adam_update", grid(chunks), Grids.THREADS, slots.size() + " slots, " + chunks + " chunks",
                ptr(queue.table(table.array(), op)), i32(slots.size()), i64(chunks), ptr(stepAddress), f32(beta1),
                f32(beta2), halt);
    }

    /**
     * Outside capture: the step by value in a scratch int. While capturing: the device counter bound to this
     * optimizer (its slots), else the shared one of {@code bindAdamStep(step)}.
     */
    private long stepAddress(String op, List<AdamSlot> slots, int step) {
        if (!queue.capturing()) {
            long slot = queue.scratch("optim.adam_step", 4);
            queue.writeWords(slot, new int[] {step}, op + " step");
            return slot;
        }
        DeviceCounter counter = stepsOf.getOrDefault(optimizerKey(slots), boundStep);
        if (counter == null) {
            throw new IllegalStateException(op + ": adam is being captured into a CUDA graph, but the step has no device"
                    + " copy: call backend.graphs().bindAdamStep(slots, step) (one counter per optimizer) or"
                    + " bindAdamStep(step) before capture and end the captured update with counter.advance(), so"
                    + " replays use t, t+1, ...");
        }
        if (counter.value() != step) {
            throw new IllegalStateException(op + ": captured with step=" + step + " but the bound device step is "
                    + counter.value() + "; pass the counter's value() at capture");
        }
        return counter.address;
    }

    /** An optimizer is known by its first parameter's device address (its slot list is fixed for its life). */
    private static long optimizerKey(List<AdamSlot> slots) {
        return slots.isEmpty() ? 0L : Checks.address("adam", "slots[0].param", slots.get(0).param());
    }

    /** Creates (or resets) the device step of the optimizer over {@code slots}; not while capturing. */
    DeviceCounter bindStep(List<AdamSlot> slots, int step) {
        OptimContract.adam(slots, 0.9f, 0.999f, step);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("bindAdamStep: slots must not be empty (a counter per optimizer)");
        }
        if (queue.capturing()) {
            throw new IllegalStateException("bindAdamStep during capture: bind the step before cuStreamBeginCapture");
        }
        long key = optimizerKey(slots);
        DeviceCounter c = stepsOf.get(key);
        if (c == null) {
            c = new DeviceCounter(this, queue.scratch("optim.adam_step.bound." + key, 4), step);
            stepsOf.put(key, c);
        }
        queue.writeWords(c.address, new int[] {step}, "binding the device Adam step");
        c.reset(step);
        return c;
    }

    /** Creates (or resets) the device step; not while capturing. */
    DeviceCounter bindStep(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("bindAdamStep: step=" + step + " must be >= 1");
        }
        if (queue.capturing()) {
            throw new IllegalStateException("bindAdamStep during capture: bind the step before cuStreamBeginCapture");
        }
        if (boundStep == null) {
            boundStep = new DeviceCounter(this, queue.scratch("optim.adam_step.bound", 4), step);
        }
        queue.writeWords(boundStep.address, new int[] {step}, "binding the device Adam step");
        boundStep.reset(step);
        return boundStep;
    }

    /** adam_step_advance <<<1, 1>>>, mirrored on the host. */
    void advanceStep(DeviceCounter c) {
        k.launch("adam_step_advance", Dim3.of(1), 1, "step " + c.value(), ptr(c.address));
        queue.onReplay(c::increment);
    }

    @Override
    public void sumSquares(List<Tensor> xs, Tensor acc) {
        String op = "sumSquares";
        OptimContract.sumSquares(xs, acc);
        long pacc = Checks.address(op, "acc", acc);
        ByteBuffer table = table(xs.size(), TENSOR_SLOT_BYTES);
        long chunks = 0;
        for (int i = 0; i < xs.size(); i++) {
            long px = Checks.address(op, "xs[" + i + "]", xs.get(i));
            chunks = putTensorSlot(table, px, 0L, xs.get(i).numel(), chunks);
        }
        if (chunks == 0) {
            return;
        }
        int blocks = BLOCKS_PER_SM * queue.limits().multiprocessors();
        long partials = queue.scratch("optim.sum_squares.partials", 4L * blocks);
        long done = queue.scratch("optim.sum_squares.done", 4);
        k.launch("sum_squares_forward", Dim3.of(blocks), Grids.THREADS, xs.size() + " tensors, " + chunks + " chunks",
                ptr(queue.table(table.array(), op)), i32(xs.size()), i64(chunks), ptr(partials), ptr(done), ptr(pacc));
    }

    @Override
    public void clipByGlobalNorm(List<Tensor> grads, Tensor normSq, float maxNorm) {
        String op = "clipByGlobalNorm";
        OptimContract.clipByGlobalNorm(grads, normSq, maxNorm);
        long pn = Checks.address(op, "normSq", normSq);
        ByteBuffer table = table(grads.size(), TENSOR_SLOT_BYTES);
        long chunks = 0;
        for (int i = 0; i < grads.size(); i++) {
            long pg = Checks.address(op, "grads[" + i + "]", grads.get(i));
            chunks = putTensorSlot(table, pg, 0L, grads.get(i).numel(), chunks);
        }
        if (chunks > 0) {
            k.launch("clip_by_global_norm_update", grid(chunks), Grids.THREADS, grads.size() + " tensors, " + chunks
                    + " chunks", ptr(queue.table(table.array(), op)), i32(grads.size()), i64(chunks), ptr(pn),
                    f32(maxNorm));
        }
    }

    @Override
    public void lerp(List<Tensor> targets, List<Tensor> sources, float tau) {
        lerp("lerp", targets, sources, tau, nullPtr());
    }

    @Override
    public void lerpUnlessHalted(List<Tensor> targets, List<Tensor> sources, float tau, Tensor halt) {
        String op = "lerpUnlessHalted";
        OptimContract.halt(op, halt);
        lerp(op, targets, sources, tau, ptr(Checks.address(op, "halt", halt)));
    }

    @Override
    public void copyUnlessHalted(Tensor src, Tensor dst, Tensor halt) {
        String op = "copyUnlessHalted";
        OptimContract.copyUnlessHalted(src, dst, halt);
        long ps = Checks.address(op, "src", src);
        long pd = Checks.address(op, "dst", dst);
        long ph = Checks.address(op, "halt", halt);
        long n = src.numel();
        if (n > 0) {
            k.launch("gated_copy_update", Grids.strided(n, Grids.THREADS), Grids.THREADS, "n=" + n, ptr(ps), ptr(pd),
                    i64(n), ptr(ph));
        }
    }

    @Override
    public void haltOnDivergence(Tensor values, Tensor limited, float atLeast, Tensor halt, Tensor frozen) {
        String op = "haltOnDivergence";
        OptimContract.haltOnDivergence(values, limited, atLeast, halt, frozen);
        int n = Checks.fitsInt(op, "N of values", values.numel());
        k.launch("divergence_check_update", Dim3.of(1), 1, "n=" + n, ptr(Checks.address(op, "values", values)),
                ptr(Checks.address(op, "limited", limited)), i32(n), f32(atLeast),
                ptr(Checks.address(op, "halt", halt)), ptr(Checks.address(op, "frozen", frozen)));
    }

    private void lerp(String op, List<Tensor> targets, List<Tensor> sources, float tau, KernelArg halt) {
        OptimContract.lerp(targets, sources, tau);
        ByteBuffer table = table(targets.size(), TENSOR_SLOT_BYTES);
        long chunks = 0;
        for (int i = 0; i < targets.size(); i++) {
            long pt = Checks.address(op, "targets[" + i + "]", targets.get(i));
            long ps = Checks.address(op, "sources[" + i + "]", sources.get(i));
            chunks = putTensorSlot(table, pt, ps, targets.get(i).numel(), chunks);
        }
        if (chunks > 0) {
            k.launch("lerp_update", grid(chunks), Grids.THREADS, targets.size() + " pairs, " + chunks + " chunks",
                    ptr(queue.table(table.array(), op)), i32(targets.size()), i64(chunks), f32(tau), halt);
        }
    }

    // ---- tables and checks ----

    private static ByteBuffer table(int slots, int slotBytes) {
        return ByteBuffer.allocate(Math.multiplyExact(Math.max(slots, 1), slotBytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends a TensorSlot {a, b, numel, chunk_begin}; returns the next chunk_begin. */
    private static long putTensorSlot(ByteBuffer table, long a, long b, long numel, long chunkBegin) {
        table.putLong(a).putLong(b).putLong(numel).putLong(chunkBegin);
        return chunkBegin + Math.ceilDiv(numel, CHUNK);
    }

    /** Blocks walk chunks grid-stride: min(chunks, 4 per SM). */
    private Dim3 grid(long chunks) {
        return Dim3.of((int) Math.min(chunks, (long) BLOCKS_PER_SM * queue.limits().multiprocessors()));
    }
}
