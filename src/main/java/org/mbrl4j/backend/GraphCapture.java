package org.mbrl4j.backend;

import java.util.List;
import org.mbrl4j.backend.OptimOps.AdamSlot;

/**
 * Stream capture into a replayable graph, on a backend that has it ({@link Backend#graphCapture()}: CUDA,
 * real or emulated), in terms the agent layer can use. A captured body must follow the capture rules of
 * the CUDA backend's CudaGraphs: every tensor it touches keeps its address for the graph's life, it is
 * run once eagerly first (so nothing is allocated or created during capture), and per-replay scalars live
 * in device memory (Philox keys through {@link #bindKey}, optimizer steps through {@link #bindAdamStep}),
 * advanced at the end of the captured step; any host read, allocation or synchronisation inside the
 * capture throws IllegalStateException naming the call.
 */
public interface GraphCapture {

    /**
     * Records what {@code body} enqueues and instantiates it; nothing runs until {@link Replay#launch()}.
     * A body that throws discards the capture and the exception propagates.
     */
    Replay capture(String name, Runnable body);

    /**
     * Puts the Philox key (seed, stream) in device memory with base {@code counter} (re-basing it when
     * bound before, at the same address); draws of that key captured afterwards read it. Not while capturing.
     */
    BoundKey bindKey(long seed, long stream, long counter);

    /** Binds (or resets) the device step of the optimizer over {@code slots}; not while capturing. */
    BoundStep bindAdamStep(List<AdamSlot> slots, int step);

    /** An instantiated graph. */
    interface Replay extends AutoCloseable {
        /** Enqueues one replay (asynchronous, like any launch). */
        void launch();

        /** Kernel launches recorded during capture. */
        int kernels();

        @Override
        void close();
    }

    /** A Philox key in device memory whose base a captured step advances. */
    interface BoundKey {
        /** The base counter the next replay starts from (the host mirror). */
        long counter();

        /** Enqueues base += blocks (recorded into the graph when capturing). */
        void advance(long blocks);
    }

    /** An optimizer's step held on the device; {@link #advance} enqueues step += 1. */
    interface BoundStep {
        void advance();

        /** The step the next replay uses (the host mirror). */
        int value();
    }
}
