package org.mbrl4j.tensor;

/** Storage on the Java heap: exactly one of {@code floats} (F32) or {@code ints} (I32) is non-null. */
public record HostStorage(float[] floats, int[] ints) implements Storage {

    public HostStorage {
        if ((floats == null) == (ints == null)) {
            throw new IllegalArgumentException("HostStorage needs exactly one of floats or ints");
        }
    }

    public static HostStorage allocate(DType dtype, long numel) {
        int n = Math.toIntExact(numel);
        return dtype == DType.F32 ? new HostStorage(new float[n], null) : new HostStorage(null, new int[n]);
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
}
