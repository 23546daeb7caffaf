package org.mbrl4j.backend.cuda;

import jcuda.driver.CUstream;

/**
 * A JCuda stream whose native handle can be read back: cuBLAS (through FFM) takes the same
 * {@code CUstream} value as its {@code cudaStream_t}.
 */
final class StreamHandle extends CUstream {
    long address() {
        return getNativePointer();
    }
}
