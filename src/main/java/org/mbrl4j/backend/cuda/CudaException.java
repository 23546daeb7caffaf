package org.mbrl4j.backend.cuda;

/**
 * A CUDA driver call failed. The message names the call, the op that issued it (kernel and shapes for
 * launches) and the CUresult name, as every driver call goes through {@link Cu#check}.
 */
public class CudaException extends RuntimeException {
    private final int result;

    public CudaException(String message, int result) {
        super(message);
        this.result = result;
    }

    /** The CUresult code (0 is CUDA_SUCCESS, which never reaches this exception). */
    public int result() {
        return result;
    }
}
