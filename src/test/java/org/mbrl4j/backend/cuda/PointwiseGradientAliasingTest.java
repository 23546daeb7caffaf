package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.tensor.Tensor;

/**
 * binaryBackward with gradients that share memory, as the tape makes them: mul(x, x) passes x's
 * gradient as both da and db. The launcher accepts that one case and launches binary_backward with
 * one address twice, whose da and db are therefore not __restrict__ in pointwise.cu (with them
 * restrict, the compiler may load db[i] before the da[i] store and lose one of the two updates). It
 * refuses a partial overlap of da and db (two threads would update one element) and any gradient
 * overlapping an input (read through __restrict__ and the read-only cache). Recording queue: no GPU.
 */
class PointwiseGradientAliasingTest {
    private static final Path POINTWISE = Path.of("kernels", "pointwise.cu");

    private final RecordingQueue queue = new RecordingQueue();
    private final FakeDevice device = new FakeDevice(queue);
    private final CudaPointwiseOps ops = new CudaPointwiseOps(queue);

    @Test
    void mulOfATensorWithItselfAccumulatesBothGradientsIntoOneBuffer() {
        Tensor x = device.f32(4, 6);
        Tensor dx = device.f32(4, 6);
        ops.binaryBackward(BinaryOp.MUL, x, x, device.f32(4, 6), dx, dx);
        assertEquals(1, queue.calls.size(), "one binary_backward launch");
        KernelCall call = queue.calls.getFirst();
        assertEquals("binary_backward", call.entry());
        assertEquals(call.args().get(4), call.args().get(5), "da and db: the same device address");
    }

    @Test
    void partiallyOverlappingGradientsAreRefused() {
        Tensor grads = device.f32(2, 24);
        Tensor da = FakeDevice.view(grads, 0, 4, 6);
        Tensor db = FakeDevice.view(grads, 3, 4, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.binaryBackward(BinaryOp.MUL, device.f32(4, 6), device.f32(4, 6), device.f32(4, 6), da, db));
        assertTrue(e.getMessage().contains("da (4, 6)") && e.getMessage().contains("db (4, 6)")
                && e.getMessage().contains("partially overlap"), e.getMessage());
        assertTrue(queue.calls.isEmpty(), "nothing enqueued");
    }

    @Test
    void aGradientOverlappingAnInputIsRefused() {
        Tensor x = device.f32(4, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.binaryBackward(BinaryOp.ADD, x, device.f32(6), device.f32(4, 6), x, null));
        assertTrue(e.getMessage().contains("da (4, 6) and a (4, 6) overlap"), e.getMessage());
        assertTrue(queue.calls.isEmpty(), "nothing enqueued");
    }

    @Test
    void binaryBackwardWritesItsGradientsThroughPlainPointers() throws IOException {
        Matcher m = Pattern.compile("binary_backward\\((int op[^)]*)\\)").matcher(Files.readString(POINTWISE));
        assertTrue(m.find(), "binary_backward's signature in " + POINTWISE);
        String params = m.group(1).replaceAll("\\s+", " ");
        assertTrue(params.contains("float* da") && params.contains("float* db"), params);
        assertFalse(params.matches(".*__restrict__ d[ab]\\b.*"), POINTWISE + ": da or db is __restrict__ (" + params
                + "), but mul(x, x) passes one buffer as both");
    }
}
