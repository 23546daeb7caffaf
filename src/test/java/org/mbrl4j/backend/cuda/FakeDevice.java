package org.mbrl4j.backend.cuda;

import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Device tensors for the CPU-side launcher tests: {@link DeviceStorage} at fake addresses from a
 * {@link RecordingQueue}, never dereferenced. Each tensor gets its own storage unless {@link #view} is used.
 */
final class FakeDevice {
    private final RecordingQueue queue;

    FakeDevice(RecordingQueue queue) {
        this.queue = queue;
    }

    Tensor f32(int... shape) {
        return tensor(DType.F32, shape);
    }

    Tensor i32(int... shape) {
        return tensor(DType.I32, shape);
    }

    Tensor tensor(DType dtype, int... shape) {
        long n = Math.max(1, Shapes.numel(shape));
        DeviceStorage s = new DeviceStorage(dtype, n, queue.take(4 * n), null);
        return new Tensor(s, 0, shape, false);
    }

    /** A second view into t's storage starting {@code elementOffset} elements in. */
    static Tensor view(Tensor t, long elementOffset, int... shape) {
        return new Tensor(t.storage(), t.offset() + elementOffset, shape, false);
    }
}
