package org.mbrl4j.tensor;

/**
 * A flat block of elements owned by one backend. Tensors are views (offset + shape) into a storage,
 * so an arena can hand out many tensors from one block.
 */
public interface Storage {
    Device device();

    DType dtype();

    /** Capacity in elements. */
    long capacity();
}
