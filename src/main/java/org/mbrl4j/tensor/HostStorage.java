package org.mbrl4j.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Storage on the Java heap: exactly one of {@code floats} (F32) or {@code ints} (I32) is non-null.
 *
 * <p>Content version: data derived from the elements and kept across calls (a layer weight's packed GEMM
 * panels) is valid while {@link #version()} has not moved. The only way to the array is an accessor, and
 * {@link #floats()} and {@link #ints()} count as a write: once the storage is {@linkplain #watch watched},
 * each call bumps the version before handing the array out. So every writer (optimizer step, Polyak
 * average, checkpoint load, upload, copy, reset, any in-place op) bumps it without knowing it does, and
 * none can forget. {@link #floatsToRead()} hands the array out without a bump, for readers that keep
 * derived data; writing through it would leave that data stale (an architecture test limits its callers).
 * Code must not hold the array across a point where others may read the storage and then write through it:
 * acquire it again for each write.
 */
public final class HostStorage implements Storage {
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(HostStorage.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final float[] floats;
    private final int[] ints;
    /** Set once some reader keeps derived data; until then an acquisition costs one volatile read. */
    private volatile boolean watched;
    private volatile long version;

    public HostStorage(float[] floats, int[] ints) {
        if ((floats == null) == (ints == null)) {
            throw new IllegalArgumentException("HostStorage needs exactly one of floats or ints");
        }
        this.floats = floats;
        this.ints = ints;
    }

    public static HostStorage allocate(DType dtype, long numel) {
        int n = Math.toIntExact(numel);
        return dtype == DType.F32 ? new HostStorage(new float[n], null) : new HostStorage(null, new int[n]);
    }

    /** The F32 array (null for I32) for reading and writing: acquiring it counts as a write. */
    public float[] floats() {
        touch();
        return floats;
    }

    /** The I32 array (null for F32) for reading and writing: acquiring it counts as a write. */
    public int[] ints() {
        touch();
        return ints;
    }

    /**
     * The F32 array for reading only, without a version bump: for readers that keep data derived from
     * the contents keyed by {@link #version()}. Never write through it.
     */
    public float[] floatsToRead() {
        return floats;
    }

    /** The content version: it moves on every {@link #floats()} or {@link #ints()} once watched. */
    public long version() {
        return version;
    }

    /**
     * Marks this storage as watched (every later acquisition of its array bumps the version) and returns
     * the current version; data derived from the contents read after this call is valid while
     * {@link #version()} returns the same value.
     */
    public long watch() {
        watched = true;
        return version;
    }

    private void touch() {
        if (watched) {
            VERSION.getAndAdd(this, 1L);
        }
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public DType dtype() {
        return floats != null ? DType.F32 : DType.I32;
    }

    @Override
    public long capacity() {
        return floats != null ? floats.length : ints.length;
    }

    @Override
    public String toString() {
        return "HostStorage[" + dtype() + ", " + capacity() + "]";
    }
}
