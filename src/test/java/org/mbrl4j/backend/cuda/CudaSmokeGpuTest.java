package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * gpu-check.sh's first step, in seconds: the driver exports every entry point the backend calls,
 * every PTX module loads (JIT) and resolves every entry, with its load and JIT time; one op per module
 * launches and completes; one tiny graph captures and replays. Each finding is printed as a
 * {@code smoke:} line, which gpu-check.sh copies into its summary. Needs a CUDA device and fails
 * without one.
 */
@Tag("gpu")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CudaSmokeGpuTest {

    @Test
    @Order(1)
    void driverExportsEveryEntryPointTheBackendCalls() {
        CudaDriverProbe.Result r = CudaDriverProbe.probe();
        System.out.println("smoke: driver: " + r.reason());
        assertTrue(r.available(), r.reason());
    }

    @Test
    @Order(2)
    void everyModuleLoadsAndResolvesEveryEntry() {
        CudaContext ctx = CudaContext.open();
        try (PtxModules modules = new PtxModules(ctx, PtxModules.archFor(ctx.limits))) {
            List<String> loaded = new ArrayList<>();
            double total = 0;
            for (PtxModules.ModuleLoad l : modules.loads()) {
                System.out.printf("smoke: load %-15s %s ISA %s: %2d entries, load+JIT %7.1f ms, resolve %5.1f ms%s%n",
                        l.module(), modules.arch(), l.isa(), l.entries(), l.loadMillis(), l.resolveMillis(),
                        l.infoLog().isEmpty() ? "" : " (JIT info log: " + l.infoLog().lines().count() + " lines)");
                assertTrue(l.entries() > 0, l.module() + ": no .entry in its PTX");
                loaded.add(l.module());
                total += l.loadMillis() + l.resolveMillis();
            }
            System.out.printf("smoke: load total %.0f ms for %d modules on %s%n", total, loaded.size(), ctx.limits.name());
            assertEquals(PtxModules.MODULES, loaded);
        } finally {
            ctx.close();
        }
    }

    @Test
    @Order(3)
    void oneOpPerModuleLaunchesAndCompletes() {
        CudaBackend cuda = new CudaBackend(MatmulPrecision.TF32, GemmChoice.KERNELS);
        List<String> failures = new ArrayList<>();
        try {
            Map<String, Runnable> calls = SmokeLaunches.calls(SmokeLaunches.Families.of(cuda), tensorsOn(cuda));
            for (var e : calls.entrySet()) {
                long t0 = System.nanoTime();
                try {
                    e.getValue().run();
                    cuda.synchronize();
                    System.out.printf("smoke: launch %-15s ok (%.1f ms)%n", e.getKey(), (System.nanoTime() - t0) / 1e6);
                } catch (RuntimeException ex) {
                    failures.add(e.getKey() + ": " + ex.getMessage());
                    System.out.println("smoke: launch " + e.getKey() + " FAILED: " + ex.getMessage());
                }
            }
        } finally {
            cuda.close();
        }
        assertTrue(failures.isEmpty(), failures.size() + " module(s) failed to launch: " + failures);
    }

    /** y += x captured once and replayed twice after one eager warm-up: y = 3x, exactly (small integers). */
    @Test
    @Order(4)
    void oneTinyGraphCapturesAndReplays() {
        CudaBackend cuda = new CudaBackend(MatmulPrecision.TF32, GemmChoice.KERNELS);
        try {
            float[] x0 = {1, 2, 3, 4, 5, 6, 7, 8};
            Tensor x = cuda.fromArray(x0, 8);
            Tensor y = cuda.zeros(8);
            Runnable body = () -> cuda.pointwise().binary(BinaryOp.ADD, y, x, y);
            body.run();
            long t0 = System.nanoTime();
            try (CudaGraph graph = cuda.graphs().capture("smoke y += x", body)) {
                assertEquals(1, graph.kernels(), "one binary_forward in the graph");
                graph.launch();
                graph.launch();
                float[] want = new float[8];
                for (int i = 0; i < 8; i++) {
                    want[i] = 3 * x0[i];
                }
                assertArrayEquals(want, cuda.toArray(y), "y after an eager step and two replays of y += x");
            }
            System.out.printf("smoke: graph capture + 2 replays ok (%.1f ms)%n", (System.nanoTime() - t0) / 1e6);
        } finally {
            cuda.close();
        }
    }

    private static SmokeLaunches.Tensors tensorsOn(CudaBackend cuda) {
        return new SmokeLaunches.Tensors() {
            @Override
            public Tensor f32(int... shape) {
                float[] v = new float[Math.toIntExact(Math.max(1, org.mbrl4j.tensor.Shapes.numel(shape)))];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.5 * Math.sin(i + 1));
                }
                return cuda.fromArray(v, shape);
            }

            @Override
            public Tensor i32(int... shape) {
                return cuda.tensor(DType.I32, false, shape);
            }
        };
    }
}
