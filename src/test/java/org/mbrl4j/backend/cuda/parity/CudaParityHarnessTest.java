package org.mbrl4j.backend.cuda.parity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.cpu.CpuBackend;

/** The parity harness itself: unwritten (poisoned) outputs and out-of-tolerance values fail, with the report. */
class CudaParityHarnessTest {

    @Test
    void anUnwrittenOutputFailsAsNeverWritten() {
        try (CpuBackend ref = new CpuBackend(); CpuBackend dev = new CpuBackend()) {
            ParityRun r = new ParityRun(ref, dev, "scale", "(3)", 42L);
            ParityRun.Pair x = r.uniform(-1f, 1f, 3);
            ParityRun.Pair out = r.out(3);
            ref.pointwise().scale(x.cpu(), 2f, out.cpu()); // the "device" never writes
            AssertionError e = assertThrows(AssertionError.class, () -> r.check("out", out, Tol.of(1e-3, 1e-3, "t")));
            String m = e.getMessage();
            assertTrue(m.contains("parity scale out shape (3)") && m.contains("seed 42") && m.contains("never written")
                    && m.contains("3 of 3 elements"), m);
        }
    }

    @Test
    void aValueOutsideTheToleranceIsReportedWithIndexErrorsAndRatio() {
        try (CpuBackend ref = new CpuBackend(); CpuBackend dev = new CpuBackend()) {
            ParityRun r = new ParityRun(ref, dev, "op", "(4)", 7L);
            float[] c = {1f, 2f, 3f, 4f};
            float[] d = {1f, 2.01f, 3f, 4f};
            AssertionError e = assertThrows(AssertionError.class, () -> r.compare("y", c, d, Tol.of(1e-3, 0, "t")));
            String m = e.getMessage();
            assertTrue(m.contains("[1] cpu 2.00000000  device 2.00999999") && m.contains("max abs err 0.0100")
                    && m.contains("worst err/threshold 5.00"), m);
            r.compare("y", c, new float[] {1f, 2.001f, 3f, 4f}, Tol.of(1e-3, 0, "t"));
        }
    }

    @Test
    void intMismatchesNameThePoison() {
        try (CpuBackend ref = new CpuBackend(); CpuBackend dev = new CpuBackend()) {
            ParityRun r = new ParityRun(ref, dev, "topk", "(2)", 1L);
            ParityRun.Pair idx = r.outInt(2);
            AssertionError e = assertThrows(AssertionError.class, () -> r.checkInts("indices", idx));
            assertTrue(e.getMessage().contains("never written"), e.getMessage());
        }
    }
}
