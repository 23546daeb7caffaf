package org.mbrl4j.backend.cuda;

import java.util.List;
import org.mbrl4j.backend.GraphCapture;
import org.mbrl4j.backend.OptimOps.AdamSlot;

/** {@link GraphCapture} over {@link CudaGraphs}: what agents may use without naming the CUDA backend. */
final class CudaGraphCapture implements GraphCapture {
    private final CudaGraphs graphs;

    CudaGraphCapture(CudaGraphs graphs) {
        this.graphs = graphs;
    }

    @Override
    public Replay capture(String name, Runnable body) {
        CudaGraph graph = graphs.capture(name, body);
        return new Replay() {
            @Override
            public void launch() {
                graph.launch();
            }

            @Override
            public int kernels() {
                return graph.kernels();
            }

            @Override
            public void close() {
                graph.close();
            }
        };
    }

    @Override
    public BoundKey bindKey(long seed, long stream, long counter) {
        DeviceKey key = graphs.bindKey(seed, stream, counter);
        return new BoundKey() {
            @Override
            public long counter() {
                return key.current().counter();
            }

            @Override
            public void advance(long blocks) {
                key.advance(blocks);
            }
        };
    }

    @Override
    public BoundStep bindAdamStep(List<AdamSlot> slots, int step) {
        DeviceCounter counter = graphs.bindAdamStep(slots, step);
        return new BoundStep() {
            @Override
            public void advance() {
                counter.advance();
            }

            @Override
            public int value() {
                return counter.value();
            }
        };
    }
}
