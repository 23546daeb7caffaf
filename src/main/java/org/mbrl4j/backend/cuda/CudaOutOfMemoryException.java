package org.mbrl4j.backend.cuda;

/**
 * A device allocation failed after the caching allocator had returned its cached blocks to the
 * driver. The message gives the bytes asked for, the device's free and total memory (cuMemGetInfo)
 * and what this backend holds.
 */
public final class CudaOutOfMemoryException extends CudaException {
    private final long requestedBytes;

    public CudaOutOfMemoryException(String message, int result, long requestedBytes) {
        super(message, result);
        this.requestedBytes = requestedBytes;
    }

    public long requestedBytes() {
        return requestedBytes;
    }
}
