package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Launcher ↔ kernel wiring, checked without a GPU: every op is called with valid arguments on a
 * {@link RecordingQueue} (a recording fake: this test is about which kernels are launched and how the
 * arguments are marshalled, not numerics), in both GEMM precisions and in graph-capture mode. Then:
 * every launch names an entry point that exists, with exactly its signature's argument kinds and
 * order and a block within its {@code __launch_bounds__}; every entry point of kernels/*.cu is
 * launched by some launcher (no dead kernels); every launched entry is in the built PTX.
 */
class CudaKernelCoverageTest {
    private static Map<String, KernelSignatures.Signature> signatures;
    private static List<KernelCall> calls;

    @BeforeAll
    static void runEveryOp() {
        signatures = KernelSignatures.all();
        calls = new ArrayList<>();
        for (KernelGemm.GemmVariant v : KernelGemm.GemmVariant.values()) {
            RecordingQueue q = new RecordingQueue();
            AllOps.run(new CudaOps(q, new KernelGemm(q, v), v), new FakeDevice(q), q);
            calls.addAll(q.calls);
        }
    }

    @Test
    void everyLaunchMatchesItsKernelSignature() {
        for (KernelCall c : calls) {
            KernelSignatures.Signature s = signatures.get(c.entry());
            assertNotNull(s, "launch of unknown entry point " + c.describe());
            assertEquals(s.module(), c.module(), "module of " + c.entry());
            List<KernelSignatures.Kind> kinds = c.args().stream().map(CudaKernelCoverageTest::kind).toList();
            assertEquals(s.params(), kinds, "argument kinds of " + c.describe());
            s.launchBound().ifPresent(bound -> assertTrue(c.block().count() <= bound,
                    c.describe() + ": block exceeds __launch_bounds__(" + bound + ")"));
        }
    }

    /** The GEMM main loops assume their exact thread counts (warp tiles, loader strides). */
    @Test
    void gemmEntriesUseTheirExactBlockSize() {
        for (KernelCall c : calls) {
            if (c.module().equals("gemm") || c.entry().startsWith("ensemble_linear_forward")
                    || c.entry().startsWith("ensemble_linear_backward_input")
                    || c.entry().startsWith("ensemble_linear_backward_weight")) {
                int expected = c.entry().contains("tf32") ? KernelGemm.TF32_THREADS : KernelGemm.SIMT_THREADS;
                assertEquals(expected, c.block().count(), c.describe());
            }
        }
    }

    @Test
    void everyKernelEntryPointIsLaunchedBySomeLauncher() {
        Set<String> launched = new TreeSet<>();
        calls.forEach(c -> launched.add(c.entry()));
        Set<String> dead = new TreeSet<>(signatures.keySet());
        dead.removeAll(launched);
        assertTrue(dead.isEmpty(), "entry points no launcher uses (dead kernels): " + dead);
        assertEquals(95, signatures.size(), "kernels/*.cu entry points (update this count with the kernels)");
    }

    @Test
    void everyLaunchedEntryIsInTheBuiltPtx() {
        Path ptx = KernelSignatures.KERNELS.resolve("build").resolve("ptx");
        assumeTrue(Files.isDirectory(ptx), "PTX not built here (no nvcc): run ./native-build.sh");
        Set<String> missing = new TreeSet<>();
        for (KernelCall c : calls) {
            for (String arch : List.of("sm_80", "sm_90")) {
                Path file = ptx.resolve(c.module() + "." + arch + ".ptx");
                if (!Files.exists(file)) {
                    fail(file + " is missing: run ./native-build.sh");
                }
                if (!Pattern.compile("\\.entry\\s+" + c.entry() + "\\s*\\(").matcher(KernelSignatures.read(file)).find()) {
                    missing.add(file.getFileName() + ": " + c.entry());
                }
            }
        }
        assertTrue(missing.isEmpty(), "launched entries absent from the PTX (run ./native-build.sh): " + missing);
    }

    /** The eager path writes each draw's key by value; the captured path reads the bound key with an offset. */
    @Test
    void capturedDrawsReadTheBoundDeviceKeyWithTheCaptureOffset() {
        RecordingQueue q = new RecordingQueue();
        CudaOps ops = new CudaOps(q, new KernelGemm(q, KernelGemm.GemmVariant.TF32), KernelGemm.GemmVariant.TF32);
        AllOps.Bound bound = AllOps.graphScalars(ops, new FakeDevice(q), q);
        KernelCall draw = q.calls.stream().filter(c -> c.entry().equals("uniform_forward")).findFirst().orElseThrow();
        assertEquals(new KernelArg.Ptr(q.scratch.get("philox.key.11.3")), draw.args().get(0));
        assertEquals(new KernelArg.I64(2), draw.args().get(1), "key_offset = counter - base");
        KernelCall adam = q.calls.stream().filter(c -> c.entry().equals("adam_update")).reduce((a, b) -> b).orElseThrow();
        assertEquals(new KernelArg.Ptr(q.scratch.get("optim.adam_step.bound")), adam.args().get(3));
        assertEquals(2, q.replayHooks.size(), "the key and the step advance once per replay");
        assertEquals(100, bound.key().current().counter(), "captured advances wait for a replay");
        assertEquals(5, bound.step().value());
        q.replayHooks.forEach(Runnable::run); // one replay
        assertEquals(100 + 3 + 2, bound.key().current().counter());
        assertEquals(6, bound.step().value());
    }

    private static KernelSignatures.Kind kind(KernelArg a) {
        return switch (a) {
            case KernelArg.I32 i -> KernelSignatures.Kind.I32;
            case KernelArg.I64 i -> KernelSignatures.Kind.I64;
            case KernelArg.F32 f -> KernelSignatures.Kind.F32;
            case KernelArg.Ptr p -> KernelSignatures.Kind.PTR;
        };
    }
}
