package org.mbrl4j.backend;

import java.util.List;
import org.mbrl4j.backend.OptimOps.AdamSlot;

/**
 * Graph capture and replay for a backend that has it (CUDA, real or emulated; {@link Backend#graphCapture()}),
 * in terms the agent layer can use: the rules are those of {@code backend.cuda.CudaGraphs} (fixed addresses,
 * device scalars bound before capture and advanced at the end of the captured step, an eager warm-up first;
 * a forbidden call inside a capture throws IllegalStateException naming it).
 */
public interface GraphCapture {

    /** A captured graph: {@link #launch()} enqueues one replay. */
    interface Replay extends AutoCloseable {
        void launch();

        /** Kernel launches recorded. */
        int kernels();

        @Override
        void close();
    }

    /** A Philox key (seed, stream) held on the device; {@link #advance} enqueues base += blocks. */
    interface BoundKey {
        void advance(long blocks);

        /** The device base the next replay starts from (the host mirror). */
        long base();
    }

    /** An optimizer's step held on the device; {@link #advance} enqueues step += 1. */
    interface BoundStep {
        void advance();

        /** The step the next replay uses (the host mirror). */
        int value();
    }

    /** Binds (or re-bases) the device key of (seed, stream) at {@code counter}; not while capturing. */
    BoundKey bindKey(long seed, long stream, long counter);

    /** Binds (or resets) the device step of the optimizer over {@code slots}; not while capturing. */
    BoundStep bindAdamStep(List<AdamSlot> slots, int step);

    /** Records what {@code body} enqueues; a body that throws discards the capture and the exception propagates. */
    Replay capture(String name, Runnable body);
}
