package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.backend.Backend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.tensor.StepArena;
import org.mbrl4j.tensor.Tensor;

/**
 * The update's inputs in one persistent backend buffer at fixed addresses: obs (T+1, B, O) (u8 frames widened
 * to 0..255 as {@link ObsTensors}), action (T, B, A), reward and terminated (T, B), each part aligned like an
 * arena tensor. {@link #load} packs a batch on the host and uploads it in one host-to-device copy; the
 * buffer is re-made only when the batch's shape changes.
 */
final class BatchBuffers {
    private final Backend backend;
    private int[] dims = new int[0];
    private float[] staging;
    private Tensor packed;
    private Tensor obs;
    private Tensor action;
    private Tensor reward;
    private Tensor terminated;

    BatchBuffers(Backend backend) {
        this.backend = backend;
    }

    /** Uploads {@code batch} into the buffers (one upload). */
    void load(Batch batch) {
        int h = batch.length();
        int b = batch.batchSize();
        int o = batch.obsDim();
        int a = batch.actionDim();
        int[] shape = {h, b, o, a};
        if (!java.util.Arrays.equals(shape, dims)) {
            allocate(h, b, o, a);
            dims = shape;
        }
        float[] obsValues = switch (batch.obs()) {
            case ObsArray.F32 f -> f.values();
            case ObsArray.U8 u -> ObsTensors.widen(u.values());
        };
        put(obsValues, obs);
        put(batch.action(), action);
        put(batch.reward(), reward);
        put(batch.terminated(), terminated);
        backend.upload(staging, 0, packed);
    }

    Tensor obs() {
        return obs;
    }

    Tensor action() {
        return action;
    }

    Tensor reward() {
        return reward;
    }

    Tensor terminated() {
        return terminated;
    }

    private void allocate(int h, int b, int o, int a) {
        long[] sizes = {(long) (h + 1) * b * o, (long) h * b * a, (long) h * b, (long) h * b};
        long[] offsets = new long[sizes.length];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            offsets[i] = total;
            total += Math.ceilDiv(sizes[i], StepArena.ALIGN_ELEMENTS) * StepArena.ALIGN_ELEMENTS;
        }
        staging = new float[Math.toIntExact(total)];
        packed = backend.zeros(Math.toIntExact(total));
        obs = part(offsets[0], sizes[0], h + 1, b, o);
        action = part(offsets[1], sizes[1], h, b, a);
        reward = part(offsets[2], sizes[2], h, b);
        terminated = part(offsets[3], sizes[3], h, b);
    }

    private Tensor part(long offset, long size, int... shape) {
        return packed.rows(Math.toIntExact(offset), Math.toIntExact(size)).reshape(shape);
    }

    private void put(float[] values, Tensor at) {
        System.arraycopy(values, 0, staging, Math.toIntExact(at.offset() - packed.offset()), values.length);
    }
}
