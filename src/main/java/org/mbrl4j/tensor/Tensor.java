package org.mbrl4j.tensor;

import java.util.Arrays;

/**
 * A contiguous, row-major view into a {@link Storage}: {@code numel} elements starting at element
 * {@code offset}. Tensors never alias in a strided way; ops that rearrange data produce new tensors.
 *
 * <p>Autograd state: {@code requiresGrad} is fixed at creation; {@code grad} is attached lazily by the
 * autograd {@code Graph} (arena-backed for temporaries) or persistently by {@code nn.Parameters}.
 */
public final class Tensor {
    private final Storage storage;
    private final long offset;
    private final int[] shape;
    private final long numel;
    private final boolean requiresGrad;
    private Tensor grad;

    public Tensor(Storage storage, long offset, int[] shape, boolean requiresGrad) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.numel = Shapes.numel(shape);
        this.requiresGrad = requiresGrad;
        if (offset < 0 || offset + numel > storage.capacity()) {
            throw new IllegalArgumentException("view [" + offset + ", " + (offset + numel) + ") exceeds storage of "
                    + storage.capacity() + " elements");
        }
    }

    public Storage storage() {
        return storage;
    }

    public long offset() {
        return offset;
    }

    /** Element offset as an int, for heap arrays. */
    public int off() {
        return (int) offset;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    public int rank() {
        return shape.length;
    }

    public long numel() {
        return numel;
    }

    /** numel as an int; every host tensor fits. */
    public int size() {
        return Math.toIntExact(numel);
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor grad) {
        if (grad != null && !Arrays.equals(grad.shape, shape)) {
            throw new IllegalArgumentException("grad shape " + Shapes.str(grad.shape) + " != tensor shape "
                    + Shapes.str(shape));
        }
        this.grad = grad;
    }

    /**
     * Heap array behind a CPU float tensor, for reading and writing; index with {@link #off()}. Acquiring
     * it counts as a write to the storage ({@link HostStorage#floats()}: it bumps a watched storage's
     * version), so acquire it again for each write rather than holding it across other code.
     */
    public float[] floats() {
        if (!(storage instanceof HostStorage h) || h.dtype() != DType.F32) {
            throw new IllegalStateException("floats() needs a CPU F32 tensor, this is " + device() + " " + dtype());
        }
        return h.floats();
    }

    /**
     * Heap array behind a CPU float tensor for reading only, without a version bump
     * ({@link HostStorage#floatsToRead()}); for readers that keep data derived from the contents.
     */
    public float[] floatsToRead() {
        if (!(storage instanceof HostStorage h) || h.dtype() != DType.F32) {
            throw new IllegalStateException("floatsToRead() needs a CPU F32 tensor, this is " + device() + " "
                    + dtype());
        }
        return h.floatsToRead();
    }

    /** Heap array behind a CPU int tensor; index with {@link #off()}. Acquiring it counts as a write. */
    public int[] ints() {
        if (!(storage instanceof HostStorage h) || h.dtype() != DType.I32) {
            throw new IllegalStateException("ints() needs a CPU I32 tensor, this is " + device() + " " + dtype());
        }
        return h.ints();
    }

    /** Same storage, no gradient tracking. */
    public Tensor detach() {
        return new Tensor(storage, offset, shape, false);
    }

    /** Same storage and element count, another shape. */
    public Tensor reshape(int... newShape) {
        if (Shapes.numel(newShape) != numel) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.str(shape) + " to " + Shapes.str(newShape));
        }
        return new Tensor(storage, offset, newShape, false);
    }

    /** Contiguous sub-range along axis 0 sharing storage (no gradient tracking). */
    public Tensor rows(int start, int count) {
        if (start < 0 || count < 0 || start + count > shape[0]) {
            throw new IllegalArgumentException("rows [" + start + ", " + (start + count) + ") out of " + shape[0]);
        }
        long stride = numel / Math.max(shape[0], 1);
        return new Tensor(storage, offset + start * stride, Shapes.with(shape, 0, count), false);
    }

    @Override
    public String toString() {
        return "Tensor" + Shapes.str(shape) + "[" + dtype() + ", " + device() + (requiresGrad ? ", grad" : "") + "]";
    }
}
