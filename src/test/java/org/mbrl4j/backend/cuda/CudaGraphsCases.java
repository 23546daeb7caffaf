package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * CUDA-graph capture and replay with the device-scalar rules, on whichever backend {@link #cuda()}
 * returns (a GPU in {@link CudaGraphsGpuTest}, the host emulator in {@link CudaGraphsEmuTest}): a
 * captured step that draws from a bound Philox key, runs Adam with the bound device step and ends
 * with both advances must, replayed three times, equal three eager CPU steps with counters base,
 * base + blocks, ... and t, t + 1, ...; and a host copy inside a capture fails with the rule.
 */
abstract class CudaGraphsCases {

    /** The backend under test, opened once per class. */
    protected abstract CudaBackend cuda();

    @Test
    void replaysAdvanceTheDeviceKeyAndStep() {
        int n = 1000;
        long seed = 1234;
        long stream = 5;
        long base = 1L << 33;
        float[] p0 = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) Math.sin(i);
        }
        // eager reference on the CPU: three steps
        CpuBackend cpu = new CpuBackend();
        Tensor cp = cpu.fromArray(p0, n);
        Tensor cg = cpu.zeros(n);
        Tensor cm = cpu.zeros(n);
        Tensor cv = cpu.zeros(n);
        Tensor cNoise = cpu.zeros(n);
        long blocks = PhiloxKey.blocksFor(n);
        for (int step = 0; step < 3; step++) {
            cpu.random().normal(new PhiloxKey(seed, stream, base + step * blocks), 0f, 1f, cNoise);
            cpu.pointwise().binary(BinaryOp.ADD, cNoise, cp, cg);
            cpu.optim().adam(List.of(new AdamSlot(cp, cg, cm, cv, 1e-2f, 1e-8f)), 0.9f, 0.999f, 1 + step);
        }
        // device: warm up once eagerly (tables, scratch), reset the state, capture, replay three times
        Tensor p = cuda().fromArray(p0, n);
        Tensor g = cuda().zeros(n);
        Tensor m = cuda().zeros(n);
        Tensor v = cuda().zeros(n);
        Tensor noise = cuda().zeros(n);
        List<AdamSlot> slots = List.of(new AdamSlot(p, g, m, v, 1e-2f, 1e-8f));
        Runnable step = () -> {
            cuda().random().normal(new PhiloxKey(seed, stream, base), 0f, 1f, noise);
            cuda().pointwise().binary(BinaryOp.ADD, noise, p, g);
            cuda().optim().adam(slots, 0.9f, 0.999f, 1);
        };
        step.run();
        cuda().upload(p0, 0, p);
        cuda().fill(m, 0f);
        cuda().fill(v, 0f);
        DeviceKey key = cuda().graphs().bindKey(seed, stream, base);
        DeviceCounter t = cuda().graphs().bindAdamStep(1);
        CudaGraph graph = cuda().graphs().capture("test step", () -> {
            step.run();
            key.advance(blocks);
            t.advance();
        });
        assertEquals(5, graph.kernels(), "normal, add, adam, key advance, step advance");
        for (int i = 0; i < 3; i++) {
            graph.launch();
        }
        assertEquals(base + 3 * blocks, key.current().counter());
        assertEquals(4, t.value());
        float[] got = cuda().toArray(p);
        float[] want = cpu.toArray(cp);
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], got[i], 4 * 0x1.0p-24 * Math.abs(want[i]) + 1e-6, "param[" + i + "] after 3 replays");
        }
        graph.close();
    }

    /**
     * TD-MPC2's two Adams (model and policy) in one graph: each bound to its own device step (here 5 and 1),
     * each advanced once per replay; three replays equal eager CPU steps 5, 6, 7 and 1, 2, 3 bit for bit
     * up to Adam's reassociation, and the mirrors follow.
     */
    @Test
    void twoOptimizersInOneGraphKeepTheirOwnDeviceSteps() {
        CudaBackend c = cuda();
        CpuBackend cpu = new CpuBackend();
        int n = 300;
        float[] p0 = new float[n];
        float[] g0 = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) Math.sin(i);
            g0[i] = (float) Math.cos(0.3 * i);
        }
        List<AdamSlot> cpuA = List.of(new AdamSlot(cpu.fromArray(p0, n), cpu.fromArray(g0, n), cpu.zeros(n), cpu.zeros(n),
                1e-2f, 1e-8f));
        List<AdamSlot> cpuB = List.of(new AdamSlot(cpu.fromArray(p0, n), cpu.fromArray(g0, n), cpu.zeros(n), cpu.zeros(n),
                3e-3f, 1e-5f));
        for (int step = 0; step < 3; step++) {
            cpu.optim().adam(cpuA, 0.9f, 0.999f, 5 + step);
            cpu.optim().adam(cpuB, 0.9f, 0.999f, 1 + step);
        }
        List<AdamSlot> a = List.of(new AdamSlot(c.fromArray(p0, n), c.fromArray(g0, n), c.zeros(n), c.zeros(n), 1e-2f,
                1e-8f));
        List<AdamSlot> b = List.of(new AdamSlot(c.fromArray(p0, n), c.fromArray(g0, n), c.zeros(n), c.zeros(n), 3e-3f,
                1e-5f));
        c.optim().adam(a, 0.9f, 0.999f, 5); // warm-up: the slot tables
        c.optim().adam(b, 0.9f, 0.999f, 1);
        for (List<AdamSlot> slots : List.of(a, b)) {
            c.upload(p0, 0, slots.get(0).param());
            c.fill(slots.get(0).m(), 0f);
            c.fill(slots.get(0).v(), 0f);
        }
        DeviceCounter ta = c.graphs().bindAdamStep(a, 5);
        DeviceCounter tb = c.graphs().bindAdamStep(b, 1);
        try (CudaGraph graph = c.graphs().capture("two optimizers", () -> {
            c.optim().adam(a, 0.9f, 0.999f, 5);
            c.optim().adam(b, 0.9f, 0.999f, 1);
            ta.advance();
            tb.advance();
        })) {
            for (int i = 0; i < 3; i++) {
                graph.launch();
            }
        }
        assertEquals(8, ta.value());
        assertEquals(4, tb.value());
        for (int o = 0; o < 2; o++) {
            float[] want = cpu.toArray((o == 0 ? cpuA : cpuB).get(0).param());
            float[] got = c.toArray((o == 0 ? a : b).get(0).param());
            for (int i = 0; i < n; i++) {
                assertEquals(want[i], got[i], 4 * 0x1.0p-24 * Math.abs(want[i]) + 1e-6, "optimizer " + o + " param["
                        + i + "] after 3 replays");
            }
        }
    }

    @Test
    void nonCapturableCallsInsideACaptureFailWithTheRule() {
        Tensor t = cuda().zeros(4);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cuda().graphs().capture("bad", () -> cuda().upload(new float[4], 0, t)));
        assertTrue(e.getMessage().contains("upload") && e.getMessage().contains("captured"), e.getMessage());
        // the stream is usable again after the failed capture
        cuda().fill(t, 2f);
        assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, cuda().toArray(t));
    }

    @Test
    void aReplayComputesBitForBitWhatTheEagerRunComputed() {
        CudaBackend c = cuda();
        int m = 37;
        int k = 70;
        int n = 45;
        Tensor x = c.fromArray(ramp(m * k, 0.37f), m, k);
        Tensor w = c.fromArray(ramp(n * k, -0.11f), n, k);
        Tensor b = c.fromArray(ramp(n, 0.5f), n);
        Tensor gamma = c.fromArray(ramp(n, 1.5f), n);
        Tensor beta = c.fromArray(ramp(n, 0.25f), n);
        Tensor y = c.zeros(m, n);
        Tensor h = c.zeros(m, n);
        Tensor mean = c.zeros(m);
        Tensor rstd = c.zeros(m);
        Tensor copied = c.zeros(m, n);
        Runnable body = () -> {
            c.dense().linearForward(x, w, b, y);
            c.norm().layerNormForward(y, gamma, beta, 1e-5f, h, mean, rstd);
            c.copy(h, copied);
        };
        body.run();
        float[] eager = c.toArray(copied);
        float[] eagerRstd = c.toArray(rstd);
        c.fill(copied, 0f);
        c.fill(rstd, 0f);
        try (CudaGraph graph = c.graphs().capture("linear, layernorm, copy", body)) {
            assertEquals(2, graph.kernels(), "the gemm (bias in its epilogue) and the layernorm; the copy is no kernel");
            assertEquals(0f, c.toArray(copied)[0], "a capture records, it does not run");
            graph.launch();
            assertArrayEquals(eager, c.toArray(copied), "replay vs eager");
            assertArrayEquals(eagerRstd, c.toArray(rstd), "replay vs eager (rstd)");
        }
    }

    @Test
    void downloadsSynchronizationAndAllocationInsideACaptureFail() {
        CudaBackend c = cuda();
        Tensor t = c.zeros(8);
        IllegalStateException download = assertThrows(IllegalStateException.class,
                () -> c.graphs().capture("download", () -> c.toArray(t)));
        assertTrue(download.getMessage().contains("download"), download.getMessage());
        IllegalStateException sync = assertThrows(IllegalStateException.class,
                () -> c.graphs().capture("sync", c::synchronize));
        assertTrue(sync.getMessage().contains("synchronize"), sync.getMessage());
        IllegalStateException alloc = assertThrows(IllegalStateException.class,
                () -> c.graphs().capture("alloc", () -> c.zeros(12345, 67)));
        assertTrue(alloc.getMessage().contains("cuMemAlloc") && alloc.getMessage().contains("capture"),
                alloc.getMessage());
        c.fill(t, 3f);
        assertEquals(3f, c.toArray(t)[7], "the stream is usable after the failed captures");
    }

    private static float[] ramp(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (float) Math.sin(0.7 * i + 0.3);
        }
        return v;
    }
}
