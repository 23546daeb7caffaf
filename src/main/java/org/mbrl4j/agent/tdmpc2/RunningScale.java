package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.tensor.Tensor;

/**
 * tdmpc2's RunningScale (docs/tdmpc2.md#running-scale): an EMA of the 5th-95th percentile range of Q at t = 0,
 * floored at 1, used only to normalise Q in the policy loss. The value lives on the backend as a persistent
 * one-element tensor, stepped by {@code ReduceOps#runningScale} (the percentiles computed where Q is), and
 * the policy loss multiplies Q by {@link #inverse()}, also on the backend: no host value is needed between
 * two updates. A step is proposed ({@link #propose}) and then accepted ({@link #accept}), so a non-finite
 * proposal can be refused with the value unchanged.
 */
public final class RunningScale {
    private final Backend backend;
    private final float tau;
    private final Tensor value;
    private final Tensor proposed;
    private final Tensor inverse;
    private final Tensor one;

    public RunningScale(Backend backend, float tau) {
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau=" + tau + " must be in (0, 1]");
        }
        this.backend = backend;
        this.tau = tau;
        this.value = backend.fromArray(new float[] {1f}, 1);
        this.proposed = backend.zeros(1);
        this.inverse = backend.fromArray(new float[] {1f}, 1);
        this.one = backend.fromArray(new float[] {1f}, 1);
    }

    /** The current value (a download: one synchronization on a device backend). */
    public float value() {
        return backend.toArray(value)[0];
    }

    /** The value on the backend (one element). */
    Tensor current() {
        return value;
    }

    /** Restores a saved value (checkpoint resume). */
    public void set(float v) {
        if (!(v >= 1f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException("running scale " + v + " must be a finite value >= 1");
        }
        backend.upload(new float[] {v}, 0, value);
        refreshInverse();
    }

    /**
     * Writes value + tau · (max(P95(x) − P5(x), 1) − value) into {@link #proposed()}, percentiles torch-style
     * over every element of x; the value itself is unchanged until {@link #accept()}.
     */
    void propose(Tensor x) {
        backend.reduce().runningScale(x, value, tau, proposed);
    }

    /** The last proposal (one element). */
    Tensor proposed() {
        return proposed;
    }

    /** value ← the last proposal, and its inverse with it. */
    void accept() {
        backend.copy(proposed, value);
        refreshInverse();
    }

    /** {@link #accept()} unless the device flag halt[0] is set (a captured update's divergence gate). */
    void acceptUnlessHalted(Tensor halt) {
        backend.optim().copyUnlessHalted(proposed, value, halt);
        refreshInverse();
    }

    /** 1 / value (one element, float division as the reference's {@code 1 / scale}). */
    Tensor inverse() {
        return inverse;
    }

    private void refreshInverse() {
        backend.pointwise().binary(BinaryOp.DIV, one, value, inverse);
    }
}
