package org.mbrl4j.agent.tdmpc2;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.Tensor;

/**
 * The divergence guard of a captured update, on the device: at each of the update's three guard points (the
 * world model's metrics, the running scale's proposal, the policy's metrics) {@code OptimOps#haltOnDivergence}
 * checks the values exactly as {@link DivergenceGuard#requireFinite} does (not finite; a limited world-model loss
 * above divergence_loss_limit) and sets a device flag that stops every later optimizer step, scale
 * acceptance and Polyak update ({@code ...UnlessHalted}): the state keeps the values from before the step that
 * would have taken the bad one, as the eager guard keeps them. {@link #requireNotHalted} reads the flag (one
 * download) and, if set, throws the eager guard's own {@code DivergedException} from the frozen values.
 */
final class DeviceGate {
    /** Guard points per update, in order. */
    static final int CHECKS_PER_UPDATE = 3;
    private static final int WORLD = 0;
    private static final int SCALE = 1;
    private static final int POLICY = 2;

    private final Backend backend;
    private final DivergenceGuard guard;
    private final double limit;
    private final float atLeast;
    /** {flag, checks passed, index}. */
    private final Tensor halt;
    private final Tensor frozen;
    private final Tensor limited;
    private final float[] limitedHost = new float[MetricScalars.CAPACITY];
    private final float[] uploaded = new float[MetricScalars.CAPACITY];
    private final Tensor never;
    /** The update number of the first check (checks passed = 0). */
    private long firstUpdate;
    @SuppressWarnings("unchecked")
    private final List<MetricScalars.Entry>[] checked = new List[CHECKS_PER_UPDATE];
    private final int[] from = new int[CHECKS_PER_UPDATE];
    private long haltedUpdate;
    private boolean haltedBeforeWorldStep;

    DeviceGate(Backend backend, DivergenceGuard guard, double divergenceLossLimit, long firstUpdate) {
        this.backend = backend;
        this.guard = guard;
        this.limit = divergenceLossLimit;
        this.atLeast = smallestFloatAbove(divergenceLossLimit);
        this.halt = backend.zeros(3);
        this.frozen = backend.zeros(MetricScalars.CAPACITY);
        this.limited = backend.zeros(MetricScalars.CAPACITY);
        this.never = backend.zeros(1);
        this.firstUpdate = firstUpdate;
    }

    /** Clears the flag and counts checks from update {@code first} (a restored checkpoint); not while capturing. */
    void restart(long first) {
        backend.fill(halt, 0f);
        firstUpdate = first;
        haltedUpdate = 0;
    }

    /** The flag the gated ops read. */
    Tensor halt() {
        return halt;
    }

    /** The world model's guard point over metric slots [first, scalars.size()). */
    void checkWorld(MetricScalars scalars, int first) {
        checkSlots(WORLD, scalars, first);
    }

    /** The policy's guard point over metric slots [first, scalars.size()). */
    void checkPolicy(MetricScalars scalars, int first) {
        checkSlots(POLICY, scalars, first);
    }

    /** The running scale's guard point: its proposal (one element, no limit). */
    void checkScale(Tensor proposed) {
        checked[SCALE] = List.of(new MetricScalars.Entry("pi_scale", false));
        backend.optim().haltOnDivergence(proposed, never, atLeast, halt, frozen.rows(0, 1));
    }

    /**
     * Reads the flag; when set, throws what {@link DivergenceGuard#requireFinite} threw eagerly for that update's
     * values (the first failing one in order, with its config keys).
     *
     * @throws org.mbrl4j.agent.DivergedException when a guard point halted the updates
     */
    void requireNotHalted() {
        float[] h = backend.toArray(halt);
        if (h[0] == 0f) {
            return;
        }
        int passed = (int) h[1];
        int check = passed % CHECKS_PER_UPDATE;
        long update = firstUpdate + passed / CHECKS_PER_UPDATE;
        haltedUpdate = update;
        haltedBeforeWorldStep = check == WORLD;
        List<MetricScalars.Entry> names = checked[check];
        float[] v = new float[names.size()];
        backend.download(frozen.rows(check == SCALE ? 0 : from[check], v.length), v, 0);
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            values.put(names.get(i).name(), names.get(i).value(v[i]));
        }
        if (check == SCALE) {
            guard.requireFinite("pi_scale", values.get("pi_scale"), update);
        }
        guard.requireFinite(values, update);
        throw new IllegalStateException("the device halted at update " + update + " (guard point " + check
                + ", index " + (int) h[2] + ") but the host guard passes " + values);
    }

    /** The update the flag was found set in by {@link #requireNotHalted} (0 before). */
    long haltedUpdate() {
        return haltedUpdate;
    }

    /** Whether it halted at the world model's guard point, before that update's world step. */
    boolean haltedBeforeWorldStep() {
        return haltedBeforeWorldStep;
    }

    /** A guard point over metric slots [first, size): their limit mask (uploaded once), then the device check. */
    private void checkSlots(int check, MetricScalars scalars, int first) {
        List<MetricScalars.Entry> all = scalars.layout();
        checked[check] = all.subList(first, all.size());
        from[check] = first;
        for (int i = first; i < all.size(); i++) {
            String q = all.get(i).name();
            boolean limitedLoss = limit > 0 && q.endsWith("_loss") && !q.startsWith("pi_") && !q.equals("total_loss");
            limitedHost[i] = limitedLoss ? 1f : 0f;
        }
        if (!Arrays.equals(limitedHost, uploaded)) { // the first update only: the layout is the same every update
            backend.upload(limitedHost, 0, limited);
            System.arraycopy(limitedHost, 0, uploaded, 0, limitedHost.length);
        }
        backend.optim().haltOnDivergence(scalars.slots(first, all.size()), limited.rows(first, all.size() - first),
                atLeast, halt, frozen.rows(first, all.size() - first));
    }

    /** The smallest float x with (double) x > limit, so that x >= it on the device is the guard's x > limit. */
    static float smallestFloatAbove(double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            return Float.POSITIVE_INFINITY;
        }
        float c = (float) limit;
        return (double) c > limit ? c : Math.nextUp(c);
    }
}
