package org.mbrl4j.agent.tdmpc2;

import java.util.List;
import java.util.Map;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.GraphCapture;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.rng.Rng;

/**
 * TD-MPC2's update() as a CUDA graph (execution.cuda_graphs on a backend with {@link GraphCapture}): the
 * first update runs {@link Tdmpc2Update#updateOnDevice} eagerly (the warm-up: every table, scratch buffer and
 * arena block made), the second captures it, and every update from then on is one batch upload and one graph
 * launch. The graph's device scalars: the update and dropout Philox keys (bound at the streams' counters and
 * advanced by the blocks one update draws) and one Adam step per optimizer; their host mirrors (the streams'
 * counters, the optimizers' step counts) move after each launch, and a mirror changed from outside (a restored
 * checkpoint) re-binds before the next launch. The update has a graph of its own, so its arena's addresses stay
 * fixed while the agent acts in between. Nothing is read back unless asked: every update adds its metrics to
 * device sums ({@link UpdateMetricSums}, the halted updates left out), {@link #update} returns their means since
 * the previous read only when {@code wantMetrics}, and {@link #requireNotHalted} reads the divergence flag.
 */
final class CapturedUpdate implements AutoCloseable {
    private final Tdmpc2Update updater;
    private final GraphCapture capture;
    private final Graph graph;
    private final Rng rng;
    private final Rng dropoutRng;
    private GraphCapture.Replay replay;
    private GraphCapture.BoundKey updateKey;
    private GraphCapture.BoundKey dropoutKey;
    private GraphCapture.BoundStep worldStep;
    private GraphCapture.BoundStep piStep;
    private long updateBlocks;
    private long dropoutBlocks;
    private List<MetricScalars.Entry> layout;
    private UpdateMetricSums sums;
    private Batch shape;
    private int rebinds;

    private final Backend backend;

    CapturedUpdate(Backend backend, GraphCapture capture, Tdmpc2Update updater, Rng rng, Rng dropoutRng) {
        this.backend = backend;
        this.updater = updater;
        this.capture = capture;
        this.graph = new Graph(backend);
        this.rng = rng;
        this.dropoutRng = dropoutRng;
    }

    /**
     * One update on {@code batch}: uploaded, then run (warm-up), captured and launched, or launched; its metrics
     * added to the device sums. Returns the means of the metrics over the updates since the previous read (one
     * download, then the sums restart) when {@code wantMetrics}, after checking the divergence flag; else an
     * empty map and no host read.
     *
     * @throws org.mbrl4j.agent.DivergedException when asked for metrics and a guard point has halted the updates
     */
    Map<String, Double> update(Batch batch, boolean wantMetrics) {
        requireSameShape(batch);
        updater.load(batch);
        if (layout == null) {
            updater.updateOnDevice(graph);
            layout = updater.metricLayout();
            sums = new UpdateMetricSums(backend, layout);
            sums.add(updater.metricSlots(), updater.gate().halt());
        } else {
            if (replay == null) {
                captureUpdate();
            }
            launch();
        }
        if (!wantMetrics) {
            return Map.of();
        }
        requireNotHalted();
        return sums.read(() -> updater.readMetrics(layout));
    }

    /** Reads the device flag (one download). @throws org.mbrl4j.agent.DivergedException when it is set */
    void requireNotHalted() {
        if (updater.gate() != null) {
            updater.gate().requireNotHalted();
        }
    }

    /**
     * After a halt found by {@link #requireNotHalted}: the optimizers' step counts as the eager guard leaves them
     * (the halted update's world step taken only when it halted at the policy's guard points).
     */
    void restoreStepsAtHalt() {
        DeviceGate gate = updater.gate();
        long u = gate.haltedUpdate();
        updater.worldOptimizer().setSteps(Math.toIntExact(u - (gate.haltedBeforeWorldStep() ? 1 : 0)));
        updater.piOptimizer().setSteps(Math.toIntExact(u - 1));
    }

    /** After a checkpoint restore: the device guard counts from the restored step on, its flag cleared. */
    void restored() {
        if (updater.gate() != null) {
            updater.gate().restart(updater.piOptimizer().steps() + 1L);
        }
    }

    /** Device scalars re-bound before a launch because a host mirror moved from outside (0 in steady state). */
    int rebinds() {
        return rebinds;
    }

    /** Updates whose metrics the device sums hold since the last read (one download; 0 before the first update). */
    long metricUpdates() {
        return sums == null ? 0 : sums.count();
    }

    /** Kernel launches of the captured update (0 before the capture). */
    int kernels() {
        return replay == null ? 0 : replay.kernels();
    }

    private void captureUpdate() {
        Adam world = updater.worldOptimizer();
        Adam pi = updater.piOptimizer();
        long rng0 = rng.counter();
        long dropout0 = dropoutRng.counter();
        int world0 = world.steps();
        int pi0 = pi.steps();
        updateKey = capture.bindKey(rng.seed(), rng.stream(), rng0);
        dropoutKey = capture.bindKey(dropoutRng.seed(), dropoutRng.stream(), dropout0);
        worldStep = capture.bindAdamStep(world.slots(), world0 + 1);
        piStep = capture.bindAdamStep(pi.slots(), pi0 + 1);
        try {
            replay = capture.capture("tdmpc2 update", () -> {
                updater.updateOnDevice(graph);
                sums.add(updater.metricSlots(), updater.gate().halt());
                updateBlocks = rng.counter() - rng0;
                dropoutBlocks = dropoutRng.counter() - dropout0;
                updateKey.advance(updateBlocks);
                dropoutKey.advance(dropoutBlocks);
                worldStep.advance();
                piStep.advance();
            });
        } finally {
            // the capture ran nothing: the host mirrors go back to before it
            rng.setCounter(rng0);
            dropoutRng.setCounter(dropout0);
            world.setSteps(world0);
            pi.setSteps(pi0);
        }
    }

    private void launch() {
        Adam world = updater.worldOptimizer();
        Adam pi = updater.piOptimizer();
        if (updateKey.counter() != rng.counter()) {
            updateKey = capture.bindKey(rng.seed(), rng.stream(), rng.counter());
            rebinds++;
        }
        if (dropoutKey.counter() != dropoutRng.counter()) {
            dropoutKey = capture.bindKey(dropoutRng.seed(), dropoutRng.stream(), dropoutRng.counter());
            rebinds++;
        }
        if (worldStep.value() != world.steps() + 1) {
            worldStep = capture.bindAdamStep(world.slots(), world.steps() + 1);
            rebinds++;
        }
        if (piStep.value() != pi.steps() + 1) {
            piStep = capture.bindAdamStep(pi.slots(), pi.steps() + 1);
            rebinds++;
        }
        replay.launch();
        rng.setCounter(rng.counter() + updateBlocks);
        dropoutRng.setCounter(dropoutRng.counter() + dropoutBlocks);
        world.setSteps(world.steps() + 1);
        pi.setSteps(pi.steps() + 1);
    }

    /** The input buffers (and the graph's addresses) are made for the first batch's shape. */
    private void requireSameShape(Batch batch) {
        if (shape == null) {
            shape = batch;
            return;
        }
        if (batch.length() != shape.length() || batch.batchSize() != shape.batchSize()
                || batch.obsDim() != shape.obsDim() || batch.actionDim() != shape.actionDim()) {
            throw new IllegalArgumentException("captured update: batch (T=" + batch.length() + ", B="
                    + batch.batchSize() + ", O=" + batch.obsDim() + ", A=" + batch.actionDim() + ") differs from the"
                    + " captured one (T=" + shape.length() + ", B=" + shape.batchSize() + ", O=" + shape.obsDim()
                    + ", A=" + shape.actionDim() + "); every update takes the agent's batchShape()");
        }
    }

    @Override
    public void close() {
        if (replay != null) {
            replay.close();
        }
        graph.close();
    }
}
