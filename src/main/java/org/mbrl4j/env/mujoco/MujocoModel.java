package org.mbrl4j.env.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One compiled MuJoCo model with its data, owned through the shim: load an MJCF string, register the
 * readouts a task needs, then reset / set fields / forward / step. Every MuJoCo failure becomes a
 * {@link MujocoException} (the JVM never exits). Not thread-safe; {@link #close} frees the native
 * model and data.
 */
public final class MujocoModel implements AutoCloseable {
    private static final int ERROR_BYTES = 1024;
    /** mjtIntegrator: mjINT_EULER = 0, mjINT_RK4 = 1. */
    private static final int INTEGRATOR_EULER = 0;

    /** A joint of the model. {@code type}: mjtJoint (free 0, ball 1, slide 2, hinge 3). */
    public record Joint(String name, int type, int qposAddress, int dofAddress, boolean limited, double lo, double hi) {
        public static final int FREE = 0;
        public static final int BALL = 1;
        public static final int SLIDE = 2;
        public static final int HINGE = 3;
    }

    private final MujocoLibrary lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final MemorySegment error;
    private final int nq;
    private final int nv;
    private final int nu;
    private final int integrator;
    private final double timestep;
    private final List<Joint> joints;
    private MemorySegment ctrl;
    private MemorySegment readouts;
    private int readoutCount;
    private boolean closed;

    private MujocoModel(MujocoLibrary lib, String mjcf) {
        this.lib = lib;
        this.error = arena.allocate(ERROR_BYTES);
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        int rc;
        try {
            rc = (int) lib.load.invokeExact(arena.allocateFrom(mjcf), out, error, ERROR_BYTES);
        } catch (Throwable t) {
            arena.close();
            throw rethrow("mbrl_mj_load", t);
        }
        if (rc != 0) {
            String message = error.getString(0);
            arena.close();
            throw new MujocoException(MujocoException.Kind.of(rc), "MuJoCo could not load the model: " + message.strip());
        }
        this.handle = out.get(ValueLayout.ADDRESS, 0);
        MemorySegment sizes = arena.allocate(ValueLayout.JAVA_INT, 10);
        try {
            lib.sizes.invokeExact(handle, sizes);
            this.timestep = (double) lib.timestep.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_sizes", t);
        }
        this.nq = sizes.getAtIndex(ValueLayout.JAVA_INT, 0);
        this.nv = sizes.getAtIndex(ValueLayout.JAVA_INT, 1);
        this.nu = sizes.getAtIndex(ValueLayout.JAVA_INT, 2);
        this.integrator = sizes.getAtIndex(ValueLayout.JAVA_INT, 8);
        this.joints = readJoints(sizes.getAtIndex(ValueLayout.JAVA_INT, 4));
        this.ctrl = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, nu));
        this.readouts = arena.allocate(ValueLayout.JAVA_DOUBLE, 1);
    }

    /**
     * Compiles {@code mjcf} (the XML text) and makes its data.
     *
     * @throws MujocoException (LOAD_FAILED) with MuJoCo's message when the model does not compile
     * @throws IllegalStateException when the shim or MuJoCo is missing (naming what was searched)
     */
    public static MujocoModel load(String mjcf) {
        if (mjcf == null || mjcf.isBlank()) {
            throw new IllegalArgumentException("MujocoModel.load: mjcf must be a non-blank MJCF string, got '" + mjcf + "'");
        }
        return new MujocoModel(MujocoLibrary.load(), mjcf);
    }

    /** Raises {@code message} through MuJoCo's {@code mju_error} inside the shim's guard (a check of the error path). */
    static MujocoException raiseError(String message) {
        MujocoLibrary lib = MujocoLibrary.load();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(ERROR_BYTES);
            int rc = (int) lib.raiseError.invokeExact(a.allocateFrom(message), err, ERROR_BYTES);
            return new MujocoException(MujocoException.Kind.of(rc), err.getString(0));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mbrl_mj_raise_error", t);
        }
    }

    public int nq() {
        return nq;
    }

    public int nv() {
        return nv;
    }

    /** Number of actuators (the action dim). */
    public int nu() {
        return nu;
    }

    /** The physics timestep in seconds. */
    public double timestep() {
        return timestep;
    }

    /** The number of contacts found by the last forward or step. */
    public int contactCount() {
        requireOpen();
        try {
            return (int) lib.ncon.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_ncon", t);
        }
    }

    public boolean isEuler() {
        return integrator == INTEGRATOR_EULER;
    }

    public List<Joint> joints() {
        return joints;
    }

    /**
     * Registers a value that {@link #forward} and {@link #step} write, in registration order.
     *
     * @return its index in the readout arrays
     * @throws MujocoException (BAD_ARGUMENT) when the model has no such object or component
     */
    public int addReadout(MujocoField field, String name, int component) {
        requireOpen();
        int slot;
        try (Arena a = Arena.ofConfined()) {
            slot = (int) lib.addReadout.invokeExact(handle, field.code, a.allocateFrom(name), component, error, ERROR_BYTES);
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_add_readout", t);
        }
        if (slot < 0) {
            throw new MujocoException(MujocoException.Kind.BAD_ARGUMENT, "readout " + field + " of '" + name + "' component "
                    + component + ": " + error.getString(0));
        }
        readoutCount = slot + 1;
        readouts = arena.allocate(ValueLayout.JAVA_DOUBLE, readoutCount);
        return slot;
    }

    /** The shim's handle, for {@link MujocoRenderer}. */
    MemorySegment handle() {
        requireOpen();
        return handle;
    }

    MujocoLibrary library() {
        return lib;
    }

    public int readoutCount() {
        return readoutCount;
    }

    /** The current value of a field. */
    public double get(MujocoField field, String name, int component) {
        requireOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(ValueLayout.JAVA_DOUBLE);
            int rc = (int) lib.get.invokeExact(handle, field.code, a.allocateFrom(name), component, value, error, ERROR_BYTES);
            check(rc, "get " + field + " of '" + name + "' component " + component);
            return value.get(ValueLayout.JAVA_DOUBLE, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_get", t);
        }
    }

    /** Writes a field (qpos, qvel, ctrl, time, geom_pos, geom_size, dof_damping); it takes effect at the next forward or step. */
    public void set(MujocoField field, String name, int component, double value) {
        requireOpen();
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) lib.set.invokeExact(handle, field.code, a.allocateFrom(name), component, value, error, ERROR_BYTES);
            check(rc, "set " + field + " of '" + name + "' component " + component + " to " + value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_set", t);
        }
    }

    /** {@code mj_resetData}: the model's default state, zero velocities, controls and time. */
    public void reset() {
        requireOpen();
        try {
            check((int) lib.reset.invokeExact(handle, error, ERROR_BYTES), "mj_resetData");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_reset", t);
        }
    }

    /** {@code mj_forward} on the current state; then the readouts into {@code out} (readoutCount values). */
    public void forward(double[] out) {
        requireOpen();
        requireOut(out);
        try {
            check((int) lib.forward.invokeExact(handle, readouts, error, ERROR_BYTES), "mj_forward");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_forward", t);
        }
        MemorySegment.copy(readouts, ValueLayout.JAVA_DOUBLE, 0, out, 0, readoutCount);
    }

    /**
     * Sets the controls, runs {@code physicsSteps} steps as dm_control does (Euler: mj_step2, mj_step ×
     * (n − 1), mj_step1; RK4: mj_step × n, mj_step1), then writes the readouts into {@code out}.
     *
     * @throws IllegalArgumentException when {@code controls} is not nu finite values
     * @throws MujocoException on a MuJoCo error or an invalid physics state
     */
    public void step(double[] controls, int physicsSteps, double[] out) {
        requireOpen();
        requireOut(out);
        if (controls.length != nu) {
            throw new IllegalArgumentException("MujocoModel.step: controls must have nu = " + nu + " values, got "
                    + controls.length);
        }
        for (int i = 0; i < nu; i++) {
            if (!Double.isFinite(controls[i])) {
                throw new IllegalArgumentException("MujocoModel.step: controls[" + i + "] = " + controls[i]
                        + " is not finite");
            }
        }
        MemorySegment.copy(controls, 0, ctrl, ValueLayout.JAVA_DOUBLE, 0, nu);
        try {
            check((int) lib.step.invokeExact(handle, ctrl, physicsSteps, readouts, error, ERROR_BYTES), "mj_step");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_step", t);
        }
        MemorySegment.copy(readouts, ValueLayout.JAVA_DOUBLE, 0, out, 0, readoutCount);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lib.free.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow("mbrl_mj_free", t);
        } finally {
            arena.close();
        }
    }

    private List<Joint> readJoints(int njnt) {
        List<Joint> out = new ArrayList<>();
        MemorySegment ints = arena.allocate(ValueLayout.JAVA_INT, 4);
        MemorySegment range = arena.allocate(ValueLayout.JAVA_DOUBLE, 2);
        for (int j = 0; j < njnt; j++) {
            MemorySegment name;
            try {
                name = (MemorySegment) lib.joint.invokeExact(handle, j, ints, range);
            } catch (Throwable t) {
                throw rethrow("mbrl_mj_joint", t);
            }
            out.add(new Joint(name.reinterpret(1024).getString(0), ints.getAtIndex(ValueLayout.JAVA_INT, 0),
                    ints.getAtIndex(ValueLayout.JAVA_INT, 1), ints.getAtIndex(ValueLayout.JAVA_INT, 2),
                    ints.getAtIndex(ValueLayout.JAVA_INT, 3) != 0, range.getAtIndex(ValueLayout.JAVA_DOUBLE, 0),
                    range.getAtIndex(ValueLayout.JAVA_DOUBLE, 1)));
        }
        return List.copyOf(out);
    }

    private void check(int rc, String what) {
        if (rc != 0) {
            MujocoException.Kind kind = MujocoException.Kind.of(rc);
            throw new MujocoException(kind, what + " failed (" + kind + "): " + error.getString(0).strip());
        }
    }

    private void requireOut(double[] out) {
        if (out.length < readoutCount) {
            throw new IllegalArgumentException("MujocoModel: the readout array needs " + readoutCount + " values, got "
                    + out.length);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("MujocoModel: used after close()");
        }
    }

    private static RuntimeException rethrow(String fn, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(fn, t);
    }
}
