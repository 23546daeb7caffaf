package org.mbrl4j.autograd;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.StepArena;
import org.mbrl4j.tensor.Tensor;

/**
 * One step's computation: the backend that runs the ops, the arena that holds temporaries, and the
 * tape that records differentiable ops for {@link #backward}.
 *
 * <p><b>Gradient convention.</b> Backward kernels accumulate ({@code +=}) into gradient tensors.
 * Parameters own persistent gradients ({@code nn.Parameters}), which therefore accumulate across
 * backward calls until zeroed: gradient accumulation is free. Temporaries get zeroed gradients from the
 * arena on first use and lose them at {@link #reset()}.
 *
 * <p>Usage per step: build the forward with the {@code *Fn} families, call {@link #backward} on a
 * scalar loss, step the optimizer, then {@link #reset()}.
 */
public final class Graph implements AutoCloseable {
    private final Backend backend;
    private final StepArena arena;
    private final Tape tape = new Tape();
    private final List<Tensor> arenaGradOwners = new ArrayList<>();
    private int noGradDepth;

    public Graph(Backend backend) {
        this.backend = backend;
        this.arena = new StepArena(backend);
    }

    public Backend backend() {
        return backend;
    }

    public StepArena arena() {
        return arena;
    }

    /** False inside a {@link #noGrad()} scope: nothing is recorded and outputs do not require grad. */
    public boolean gradEnabled() {
        return noGradDepth == 0;
    }

    /** try (var s = g.noGrad()) { ... }: ops inside record nothing. Scopes nest. */
    public NoGrad noGrad() {
        noGradDepth++;
        return new NoGrad();
    }

    /** Closes a {@link #noGrad()} scope. */
    public final class NoGrad implements AutoCloseable {
        private boolean closed;

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                noGradDepth--;
            }
        }
    }

    /** Whether an op over these inputs must be recorded (null inputs are ignored). */
    public boolean needsGrad(Tensor... inputs) {
        if (!gradEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** An op output from the arena (uninitialized). */
    public Tensor output(boolean requiresGrad, int... shape) {
        return arena.allocate(DType.F32, requiresGrad, shape);
    }

    /** A scratch float tensor that never carries gradient. */
    public Tensor temp(int... shape) {
        return arena.allocate(DType.F32, false, shape);
    }

    public Tensor tempInt(int... shape) {
        return arena.allocate(DType.I32, false, shape);
    }

    /** A constant holding {@code values}, uploaded into the arena. */
    public Tensor constant(float[] values, int... shape) {
        Tensor t = temp(shape);
        backend.upload(values, 0, t);
        return t;
    }

    public Tensor constant(int[] values, int... shape) {
        Tensor t = tempInt(shape);
        backend.upload(values, 0, t);
        return t;
    }

    /**
     * The gradient of {@code t}, created zeroed on first use; null when t does not require grad. Call
     * this inside backward closures, never in the forward (so unused branches cost nothing).
     */
    public Tensor grad(Tensor t) {
        if (t == null || !t.requiresGrad()) {
            return null;
        }
        if (t.grad() == null) {
            t.setGrad(arena.zeros(DType.F32, false, t.shape()));
            arenaGradOwners.add(t);
        }
        return t.grad();
    }

    /** Records {@code backward} to run when any of {@code outputs} has received a gradient. */
    public void record(String op, Runnable backward, Tensor... outputs) {
        tape.record(op, backward, outputs);
    }

    /**
     * A differentiable reshape: the view shares storage with x, and its gradient is a view of x's
     * gradient, so gradients flow without a tape node.
     */
    public Tensor view(Tensor x, int... shape) {
        boolean rg = x.requiresGrad() && gradEnabled();
        Tensor v = new Tensor(x.storage(), x.offset(), shape, rg);
        if (rg) {
            v.setGrad(grad(x).reshape(shape));
        }
        return v;
    }

    /** Seeds d(loss)/d(loss) = 1 and runs the tape in reverse. {@code loss} must have one element. */
    public void backward(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("backward: loss must have one element, got shape "
                    + org.mbrl4j.tensor.Shapes.str(loss.shape()));
        }
        backward(loss, null);
    }

    /**
     * Runs the tape in reverse from {@code output} with upstream gradient {@code seed} (null: ones), then
     * clears it: a backward consumes the ops recorded so far (PyTorch without retain_graph), so a second
     * loss built afterwards in the same step back-propagates only through its own ops.
     */
    public void backward(Tensor output, Tensor seed) {
        if (!output.requiresGrad()) {
            throw new IllegalArgumentException("backward: output does not require grad (built under noGrad, or "
                    + "from inputs that need none)");
        }
        Tensor g = grad(output);
        if (seed == null) {
            backend.fill(g, 1f);
        } else {
            backend.copy(seed, g);
        }
        tape.runBackward();
        tape.clear();
    }

    /** Number of recorded ops (for tests and diagnostics). */
    public int recordedOps() {
        return tape.size();
    }

    /** Ends the step: clears the tape, drops arena gradients, rewinds the arena. */
    public void reset() {
        tape.clear();
        for (Tensor t : arenaGradOwners) {
            t.setGrad(null);
        }
        arenaGradOwners.clear();
        arena.reset();
    }

    @Override
    public void close() {
        reset();
        arena.close();
    }
}
