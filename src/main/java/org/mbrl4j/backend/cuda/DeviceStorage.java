package org.mbrl4j.backend.cuda;

import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Device;
import org.mbrl4j.tensor.Storage;
import org.mbrl4j.tensor.Tensor;

/**
 * A block of device memory holding {@code capacity} elements of {@code dtype}, from the backend's
 * caching allocator. Tensors are views into it; {@link #address(Tensor)} is the device address of a
 * view's first element.
 */
public final class DeviceStorage implements Storage {
    private final DType dtype;
    private final long capacity;
    private final long address;
    /** The allocator block backing this storage; null only for the test fakes' address-only storage. */
    final DeviceAllocator.Block block;

    DeviceStorage(DType dtype, long capacity, long address, DeviceAllocator.Block block) {
        this.dtype = dtype;
        this.capacity = capacity;
        this.address = address;
        this.block = block;
    }

    @Override
    public Device device() {
        return Device.CUDA;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    /** Device address of element 0. */
    public long address() {
        return address;
    }

    /** Device address of a tensor's first element; the tensor must live in a DeviceStorage. */
    static long address(Tensor t) {
        if (!(t.storage() instanceof DeviceStorage d)) {
            throw new IllegalArgumentException("tensor " + t + " is not in CUDA device memory");
        }
        return d.address + t.offset() * (long) t.dtype().bytes();
    }

    /** Bytes of a tensor's elements. */
    static long bytes(Tensor t) {
        return Math.multiplyExact(t.numel(), (long) t.dtype().bytes());
    }

    @Override
    public String toString() {
        return "DeviceStorage[" + dtype + " x " + capacity + " @0x" + Long.toHexString(address) + "]";
    }
}
