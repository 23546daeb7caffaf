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
}
