package org.mbrl4j.agent.tdmpc2;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.planner.PlanResult;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.GraphCapture;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * TD-MPC2's plan() as CUDA graphs (execution.cuda_graphs on a backend with graph capture,
 * docs/planner.md#cuda-graphs). Per act mode the first plan runs eagerly (the warm-up: it sizes the
 * arena and makes the planner's outputs, pinned constants and Q-pair slots), the second is captured
 * and replayed, and every later plan of that mode is a replay. Between the encoded observation and the
 * downloaded action a replay reads nothing back: the latent is copied into a fixed input, the Q pairs
 * of the bootstraps are drawn on the host at the offsets recorded during capture and uploaded, the
 * planner's Philox stream is a device key re-based to the planner's counter, the graph runs (its last
 * kernel advances the key by the plan's blocks), and the planner's host counter moves by as many.
 * Detailed-logging steps plan eagerly (their infos read back the whole final iteration).
 */
final class CapturedPlans implements AutoCloseable {
    private final GraphCapture capture;
    private final Backend backend;
    private final Planner planner;
    private final WorldModelPlanning planning;
    private final Graph graph;
    /** (1, L): the plan's input, at a fixed address. */
    private final Tensor z0;
    private final Set<ActMode> warmed = EnumSet.noneOf(ActMode.class);
    private final Map<ActMode, Captured> captured = new EnumMap<>(ActMode.class);
    private GraphCapture.BoundKey key;

    /**
     * @param blocks the Philox blocks one plan of this mode draws
     * @param pairOffsets the stream offsets of the plan's Q-pair draws, slot by slot
     */
    private record Captured(GraphCapture.Replay replay, Planner.DevicePlan plan, long blocks, long[] pairOffsets) {}

    CapturedPlans(GraphCapture capture, Backend backend, Planner planner, WorldModelPlanning planning, Graph graph,
            int latentDim) {
        this.capture = capture;
        this.backend = backend;
        this.planner = planner;
        this.planning = planning;
        this.graph = graph;
        this.z0 = backend.zeros(1, latentDim);
    }

    /** Plans from {@code encoded} (1, L): eagerly, or by capturing or replaying this mode's graph. */
    PlanResult plan(Tensor encoded, ActMode mode, long step) {
        if (planner.settings().detailedAt(step) || warmed.add(mode)) {
            return planner.plan(graph, encoded, mode, step);
        }
        planner.settleInfos();
        backend.copy(encoded.reshape(z0.shape()), z0);
        long start = planner.rngCounter();
        Captured c = captured.get(mode);
        if (c == null) {
            c = capture(mode, step, start);
            captured.put(mode, c);
        }
        rebase(start);
        planning.uploadPairs(planner.settings().seed(), Planner.PLANNER_STREAM, start, c.pairOffsets());
        c.replay().launch();
        planner.setRngCounter(start + c.blocks());
        return planner.collect(c.plan()).get(0);
    }

    /** Kernel launches in this mode's graph, or 0 before it is captured. */
    int kernels(ActMode mode) {
        Captured c = captured.get(mode);
        return c == null ? 0 : c.replay().kernels();
    }

    private Captured capture(ActMode mode, long step, long start) {
        rebase(start);
        Rng rng = new Rng(planner.settings().seed(), Planner.PLANNER_STREAM, start);
        Planner.DevicePlan[] plan = new Planner.DevicePlan[1];
        planning.recordPairs(true);
        GraphCapture.Replay replay;
        long[] counters;
        try {
            replay = capture.capture("plan " + mode.name().toLowerCase(java.util.Locale.ROOT), () -> {
                plan[0] = planner.planOnDevice(graph, z0, mode, step, rng, true);
                key.advance(rng.counter() - start);
            });
        } finally {
            counters = planning.recordPairs(false);
        }
        long[] offsets = new long[counters.length];
        for (int i = 0; i < counters.length; i++) {
            offsets[i] = counters[i] - start;
        }
        return new Captured(replay, plan[0], rng.counter() - start, offsets);
    }

    /** The device key of the planner's stream, based at {@code start} (re-based after eager plans or a restore). */
    private void rebase(long start) {
        if (key == null || key.counter() != start) {
            key = capture.bindKey(planner.settings().seed(), Planner.PLANNER_STREAM, start);
        }
    }

    @Override
    public void close() {
        captured.values().forEach(c -> c.replay().close());
        captured.clear();
    }
}
