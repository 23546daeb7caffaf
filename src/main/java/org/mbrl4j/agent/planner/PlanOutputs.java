package org.mbrl4j.agent.planner;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * Where a plan of E episodes leaves what the caller reads back, in persistent device memory at fixed
 * addresses (so a captured plan writes them on every replay): per episode the chosen first action, the
 * final elite weights, the elites' values and disagreements (floats), and the elite indices and the
 * drawn elite position (ints). The action is downloaded once per plan ({@link #hostFloats}); the ints
 * only when an info is read ({@link DeferredPlannerInfo}). A new plan's results are a new generation:
 * infos of the previous one still unread are read back first ({@link #settle}), outside the plan.
 */
final class PlanOutputs {
    private final Backend backend;
    private final int episodes;
    private final int k;
    private final int a;
    /** (E, A + 3K): action (A), weights (K), elite values (K), elite disagreements (K). */
    private final Tensor floats;
    /** I32 (E, K + 1): elite indices (K), the drawn elite position (1; 0 unless drawn). */
    private final Tensor ints;
    private final List<DeferredPlannerInfo> pending = new ArrayList<>();
    private long generation;
    private float[] hostFloats;
    private int[] hostInts;

    PlanOutputs(Backend backend, int episodes, int numElites, int actionDim) {
        this.backend = backend;
        this.episodes = episodes;
        this.k = numElites;
        this.a = actionDim;
        this.floats = backend.zeros(episodes, actionDim + 3 * numElites);
        this.ints = backend.tensor(DType.I32, false, episodes, numElites + 1);
    }

    int episodes() {
        return episodes;
    }

    int numElites() {
        return k;
    }

    int actionDim() {
        return a;
    }

    Tensor action(int e) {
        return floatRow(e).rows(0, a);
    }

    Tensor weights(int e) {
        return floatRow(e).rows(a, k);
    }

    Tensor eliteValues(int e) {
        return floatRow(e).rows(a + k, k);
    }

    Tensor eliteDisagreements(int e) {
        return floatRow(e).rows(a + 2 * k, k);
    }

    Tensor eliteIndices(int e) {
        return ints.rows(e, 1).reshape(k + 1).rows(0, k);
    }

    /** I32 (1): the position of the drawn elite among the final elites. */
    Tensor pick(int e) {
        return ints.rows(e, 1).reshape(k + 1).rows(k, 1);
    }

    private Tensor floatRow(int e) {
        return floats.rows(e, 1).reshape(a + 3 * k);
    }

    /** Reads back every unread info of the current generation (before a plan overwrites them). */
    void settle() {
        for (DeferredPlannerInfo info : pending) {
            info.basic();
        }
        pending.clear();
    }

    /** A plan wrote new results: the previous generation's infos must have been settled. */
    long nextGeneration() {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("planner: " + pending.size() + " unread planner infos of the previous plan"
                    + " would be overwritten; call settleInfos() before the next plan");
        }
        generation++;
        hostFloats = null;
        hostInts = null;
        return generation;
    }

    long generation() {
        return generation;
    }

    void register(DeferredPlannerInfo info) {
        pending.add(info);
    }

    /** Row e of the floats, downloaded once per generation (one synchronisation). */
    float[] hostFloats(int e) {
        if (hostFloats == null) {
            hostFloats = backend.toArray(floats);
        }
        float[] row = new float[a + 3 * k];
        System.arraycopy(hostFloats, e * row.length, row, 0, row.length);
        return row;
    }

    /** Row e of the ints (K elite indices, then the pick), downloaded once per generation. */
    int[] hostInts(int e) {
        if (hostInts == null) {
            hostInts = backend.toIntArray(ints);
        }
        int[] row = new int[k + 1];
        System.arraycopy(hostInts, e * row.length, row, 0, row.length);
        return row;
    }
}
