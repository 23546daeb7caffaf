package org.mbrl4j.backend.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * A JCuda device pointer whose numeric address can be read back. The backend keeps device addresses
 * as {@code long}s (kernel arguments, slot tables, tensor views) and turns one back into a
 * {@link CUdeviceptr} only for the driver calls that need the object ({@link #at}).
 */
final class DevicePtr extends CUdeviceptr {
    private static final CUdeviceptr NULL = new CUdeviceptr();

    /** The address this pointer holds after cuMemAlloc filled it in. */
    long address() {
        return getNativePointer() + getByteOffset();
    }

    /** A CUdeviceptr for a raw address (JCuda passes nativePointer + byteOffset to the driver). */
    static CUdeviceptr at(long address) {
        return NULL.withByteOffset(address);
    }
}
