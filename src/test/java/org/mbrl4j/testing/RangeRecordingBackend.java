package org.mbrl4j.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.ConvOps;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.ProfilerRange;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.backend.PixelOps;
import org.mbrl4j.backend.RecurrentOps;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Device;
import org.mbrl4j.tensor.Storage;
import org.mbrl4j.tensor.Tensor;

/**
 * A backend that computes with another one and records every profiler range pushed and popped, as a
 * profiler would. A pop out of stack order (or a second close of one range) fails at once with the
 * expected and the actual name. {@link #tree} renders what was recorded as an indented tree, and
 * {@link #failInside} makes a device read throw inside a chosen range, to test that ranges unwind.
 */
public final class RangeRecordingBackend implements Backend {
    private final Backend inner;
    /** "+name" for a push, "-name" for a pop, in call order. */
    private final List<String> events = new ArrayList<>();
    private final ArrayDeque<String> open = new ArrayDeque<>();
    /** The range inside which the next download throws; null for none. */
    private String failInside;

    public RangeRecordingBackend(Backend inner) {
        this.inner = inner;
    }

    @Override
    public ProfilerRange range(String name) {
        events.add("+" + name);
        open.addLast(name);
        boolean[] closed = {false};
        return () -> {
            if (closed[0]) {
                throw new IllegalStateException("range '" + name + "' closed twice");
            }
            if (!name.equals(open.peekLast())) {
                throw new IllegalStateException("range '" + name + "' closed while '" + open.peekLast()
                        + "' is the innermost open range");
            }
            closed[0] = true;
            open.removeLast();
            events.add("-" + name);
        };
    }

    /** Every push ("+name") and pop ("-name") so far. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The ranges open now, outermost first. */
    public List<String> openRanges() {
        return List.copyOf(open);
    }

    /** The pushes so far as an indented tree, one name a line, two spaces per level. */
    public String tree() {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (String e : events) {
            if (e.startsWith("+")) {
                sb.append("  ".repeat(depth)).append(e.substring(1)).append('\n');
                depth++;
            } else {
                depth--;
            }
        }
        return sb.toString();
    }

    /** The next download issued while {@code rangeName} is the innermost open range throws {@link InjectedFailure}. */
    public void failInside(String rangeName) {
        failInside = rangeName;
    }

    /** The exception {@link #failInside} throws. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String range) {
            super("injected failure inside range '" + range + "'");
        }
    }

    private void maybeFail() {
        if (failInside != null && failInside.equals(open.peekLast())) {
            String range = failInside;
            failInside = null;
            throw new InjectedFailure(range);
        }
    }

    /** Forgets what was recorded (the open ranges must be closed). */
    public void clear() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("clear: ranges still open: " + open);
        }
        events.clear();
    }

    @Override
    public Device device() {
        return inner.device();
    }

    @Override
    public String describe() {
        return "range-recording " + inner.describe();
    }

    @Override
    public Storage allocate(DType dtype, long numel) {
        return inner.allocate(dtype, numel);
    }

    @Override
    public void free(Storage s) {
        inner.free(s);
    }

    @Override
    public void fill(Tensor t, float value) {
        inner.fill(t, value);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        inner.copy(src, dst);
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        inner.upload(src, srcOffset, dst);
    }

    @Override
    public void upload(int[] src, int srcOffset, Tensor dst) {
        inner.upload(src, srcOffset, dst);
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        maybeFail();
        inner.download(src, dst, dstOffset);
    }

    @Override
    public void download(Tensor src, int[] dst, int dstOffset) {
        maybeFail();
        inner.download(src, dst, dstOffset);
    }

    @Override
    public void synchronize() {
        inner.synchronize();
    }

    @Override
    public DenseOps dense() {
        return inner.dense();
    }

    @Override
    public ConvOps conv() {
        return inner.conv();
    }

    @Override
    public RecurrentOps recurrent() {
        return inner.recurrent();
    }

    @Override
    public PixelOps pixel() {
        return inner.pixel();
    }

    @Override
    public PointwiseOps pointwise() {
        return inner.pointwise();
    }

    @Override
    public ReduceOps reduce() {
        return inner.reduce();
    }

    @Override
    public LayoutOps layout() {
        return inner.layout();
    }

    @Override
    public NormOps norm() {
        return inner.norm();
    }

    @Override
    public LossOps loss() {
        return inner.loss();
    }

    @Override
    public DistributionOps distribution() {
        return inner.distribution();
    }

    @Override
    public RandomOps random() {
        return inner.random();
    }

    @Override
    public SelectOps select() {
        return inner.select();
    }

    @Override
    public OptimOps optim() {
        return inner.optim();
    }

    @Override
    public void close() {
        inner.close();
    }
}
