package org.mbrl4j.backend.cuda;

/**
 * The CUDA backend cannot start here: no driver library, no device, a device without packaged PTX,
 * or PTX missing from the build. The message says what was searched and how to fix it, and always
 * names {@code device=cpu} as the way to run without CUDA.
 */
public final class CudaUnavailableException extends RuntimeException {
    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
