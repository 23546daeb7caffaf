package org.mbrl4j.tensor;

/** Where a tensor's storage lives. Transfers between devices are always explicit (see {@code Backend}). */
public enum Device {
    CPU,
    CUDA
}
