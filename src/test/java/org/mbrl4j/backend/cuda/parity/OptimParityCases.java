package org.mbrl4j.backend.cuda.parity;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.tensor.Tensor;

/**
 * Parity of kernels/optim.cu over a parameter list with sizes around the 2048-element chunk:
 * Adam over several steps (device step by value), sum of squares, clip and lerp. Header tolerance:
 * elementwise rtol 4·2^-24, atol 1e-7·lr; sum of squares a deterministic tree vs the CPU's double sum.
 */
abstract class OptimParityCases extends ParityCases {
    private static final int[][] SHAPES = {{1}, {7, 5}, {2048}, {2049}, {64, 129}, {3, 300}};

    @Test
    void adamSteps() {
        ParityRun r = run("adam", 6);
        List<ParityRun.Pair[]> params = new ArrayList<>();
        for (int[] s : SHAPES) {
            params.add(new ParityRun.Pair[] {r.normal(1f, s), r.normal(0.1f, s), r.acc(s), r.uniform(0f, 0.01f, s)});
        }
        for (int step = 1; step <= 3; step++) {
            final int t = step;
            r.apply(be -> be.optim().adam(slots(params, be), 0.9f, 0.999f, t));
        }
        for (int i = 0; i < params.size(); i++) {
            r.check("param[" + i + "]", params.get(i)[0], Tol.of(4 * Tol.U, 3 * 1e-7 * 3e-3, "optim.cu: 4u, 1e-7·lr·steps"));
            r.check("m[" + i + "]", params.get(i)[2], Tol.of(4 * Tol.U, 1e-7, "optim.cu: 4u"));
            r.check("v[" + i + "]", params.get(i)[3], Tol.of(4 * Tol.U, 1e-9, "optim.cu: 4u"));
        }
    }

    @Test
    void sumSquaresClipAndLerp() {
        ParityRun r = run("sumSquares/clip/lerp", 6);
        List<ParityRun.Pair> grads = new ArrayList<>();
        long n = 0;
        for (int[] s : SHAPES) {
            grads.add(r.normal(3f, s));
            n += grads.getLast().cpu().numel();
        }
        ParityRun.Pair acc = r.values(new float[] {0.25f});
        r.apply(be -> be.optim().sumSquares(on(grads, be), acc.on(be)));
        double sum = acc.cpuValues()[0];
        r.check("acc", acc, Tol.of(0, (n / 256.0 + 40) * Tol.U * sum, "(n/256 + log2 + 20)·2u·Σx² (tree vs double)"));
        ParityRun.Pair normSq = r.values(new float[] {acc.cpuValues()[0]}); // the same norm on both
        r.apply(be -> be.optim().clipByGlobalNorm(on(grads, be), normSq.on(be), 20f));
        for (int i = 0; i < grads.size(); i++) {
            r.check("clipped[" + i + "]", grads.get(i), Tol.of(4 * Tol.U, 0,
                    "g·coef, coef = min(1, max/(sqrt(normSq) + 1e-6)) may differ by 1 ulp: 4u"));
        }
        List<ParityRun.Pair> targets = new ArrayList<>();
        for (int[] s : SHAPES) {
            targets.add(r.normal(1f, s));
        }
        r.apply(be -> be.optim().lerp(on(targets, be), on(grads, be), 0.01f));
        for (int i = 0; i < targets.size(); i++) {
            r.check("lerp[" + i + "]", targets.get(i), Tol.of(4 * Tol.U, 1e-7, "optim.cu: 4u"));
        }
    }

    private static List<AdamSlot> slots(List<ParityRun.Pair[]> params, org.mbrl4j.backend.Backend be) {
        List<AdamSlot> out = new ArrayList<>();
        for (ParityRun.Pair[] p : params) {
            out.add(new AdamSlot(p[0].on(be), p[1].on(be), p[2].on(be), p[3].on(be), 3e-3f, 1e-8f));
        }
        return out;
    }

    private static List<Tensor> on(List<ParityRun.Pair> pairs, org.mbrl4j.backend.Backend be) {
        return pairs.stream().map(p -> p.on(be)).toList();
    }

    /**
     * The divergence gate: a check over finite values passes (counts), a limited value at the threshold halts
     * (flag, index, frozen values), a later NaN changes nothing; then gated adam, lerp and copy leave their
     * outputs, while before the halt they ran like the ungated ops. All exact (no arithmetic but Adam's).
     */
    @Test
    void theDivergenceGate() {
        ParityRun r = run("divergence gate", 5);
        ParityRun.Pair halt = r.values(new float[3], 3);
        ParityRun.Pair frozen = r.values(new float[5], 5);
        ParityRun.Pair limited = r.values(new float[] {1, 1, 0, 0, 0}, 5);
        ParityRun.Pair ok = r.values(new float[] {1f, 2f, 1e30f, -3f, 0f}, 5);
        r.apply(be -> be.optim().haltOnDivergence(ok.on(be), limited.on(be), 100f, halt.on(be), frozen.on(be)));
        r.check("halt after a passing check", halt, Tol.exact());
        ParityRun.Pair p = r.normal(1f, 300);
        ParityRun.Pair g = r.normal(0.1f, 300);
        ParityRun.Pair m = r.acc(300);
        ParityRun.Pair v = r.uniform(0f, 0.01f, 300);
        ParityRun.Pair target = r.normal(1f, 300);
        ParityRun.Pair copy = r.out(300);
        Runnable gated = () -> r.apply(be -> {
            be.optim().adamUnlessHalted(List.of(new AdamSlot(p.on(be), g.on(be), m.on(be), v.on(be), 1e-3f, 1e-8f)),
                    0.9f, 0.999f, 2, halt.on(be));
            be.optim().lerpUnlessHalted(List.of(target.on(be)), List.of(p.on(be)), 0.01f, halt.on(be));
            be.optim().copyUnlessHalted(p.on(be), copy.on(be), halt.on(be));
        });
        gated.run();
        r.check("param (not halted)", p, Tol.of(4 * Tol.U, 1e-7 * 1e-3, "optim.cu: 4u, 1e-7·lr"));
        r.check("target (not halted)", target, Tol.of(4 * Tol.U, 1e-7, "optim.cu: 4u"));
        r.check("copy (not halted)", copy, Tol.exact());
        ParityRun.Pair bad = r.values(new float[] {1f, 100f, Float.NaN, 5f, 6f}, 5);
        r.apply(be -> be.optim().haltOnDivergence(bad.on(be), limited.on(be), 100f, halt.on(be), frozen.on(be)));
        ParityRun.Pair later = r.values(new float[] {Float.NaN, 0f, 0f, 0f, 0f}, 5);
        r.apply(be -> be.optim().haltOnDivergence(later.on(be), limited.on(be), 100f, halt.on(be), frozen.on(be)));
        r.check("halt {1, 1 passed, index 1}", halt, Tol.exact());
        r.check("frozen", frozen, Tol.exact());
        float[] before = p.cpuValues();
        r.apply(be -> be.copy(p.on(be), copy.on(be)));
        gated.run();
        r.check("param (halted)", p, Tol.exact());
        r.check("copy (halted)", copy, Tol.exact());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, p.cpuValues(), "a halted adam leaves the parameters");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1f, 1f, 1f}, halt.cpuValues());
    }
}
