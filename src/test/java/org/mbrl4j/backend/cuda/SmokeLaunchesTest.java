package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mbrl4j.tensor.Tensor;

/**
 * The smoke test's table covers every PTX module and each entry launches a kernel of its own module
 * (a fused layer also runs its ensemble_linear GEMM first), so a failure names the module.
 */
class SmokeLaunchesTest {

    @Test
    void oneOpPerModuleLaunchingThatModule() {
        RecordingQueue q = new RecordingQueue();
        FakeDevice d = new FakeDevice(q);
        CudaOps ops = new CudaOps(q, new KernelGemm(q, KernelGemm.GemmVariant.TF32), KernelGemm.GemmVariant.TF32);
        Map<String, Runnable> calls = SmokeLaunches.calls(SmokeLaunches.Families.of(ops), new SmokeLaunches.Tensors() {
            @Override
            public Tensor f32(int... shape) {
                return d.f32(shape);
            }

            @Override
            public Tensor i32(int... shape) {
                return d.i32(shape);
            }
        });
        assertEquals(PtxModules.MODULES, List.copyOf(calls.keySet()));
        for (var e : calls.entrySet()) {
            q.calls.clear();
            e.getValue().run();
            assertFalse(q.calls.isEmpty(), e.getKey() + ": the smoke op launched nothing");
            Set<String> modules = new TreeSet<>();
            q.calls.forEach(c -> modules.add(c.module()));
            assertTrue(modules.contains(e.getKey()), e.getKey() + ": the smoke op launched " + modules);
        }
    }
}
