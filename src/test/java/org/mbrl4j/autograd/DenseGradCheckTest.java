package org.mbrl4j.autograd;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/**
 * Central-difference checks of every differentiable dense op ({@link DenseFn}): linear, ensemble
 * linear with shared and per-head input, the fused layer (Mish, SimNorm, identity; with and without
 * dropout; plain and ensemble) and matmul in all four transpose combinations. Shapes are small because
 * GradCheck perturbs every element of every input.
 */
class DenseGradCheckTest {
    private static final int E = 2;
    private static final int M = 3;
    private static final int K = 5;
    private static final int N = 8;
    private static final int SIMNORM_DIM = 4;
    private static final float LN_EPS = 1e-5f;
    private static final float DROPOUT_P = 0.3f;

    private final Backend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    private Tensor param(int... shape) {
        return rnd.uniform(be, true, -1, 1, shape);
    }

    @Test
    void linear() {
        Tensor x = param(2, M, K);
        Tensor w = param(N, K);
        Tensor b = param(N);
        GradCheck.of("linear").check(be, rnd, List.of(x, w, b), g -> DenseFn.linear(g, x, w, b));
        GradCheck.of("linear (no bias)").check(be, rnd, List.of(x, w), g -> DenseFn.linear(g, x, w, null));
    }

    @Test
    void ensembleLinearSharedAndPerHead() {
        Tensor w = param(E, N, K);
        Tensor b = param(E, N);
        Tensor shared = param(M, K);
        GradCheck.of("ensembleLinear shared x").check(be, rnd, List.of(shared, w, b),
                g -> DenseFn.ensembleLinear(g, shared, w, b));
        Tensor perHead = param(E, 2, M, K);
        GradCheck.of("ensembleLinear per-head x").check(be, rnd, List.of(perHead, w, b),
                g -> DenseFn.ensembleLinear(g, perHead, w, b));
    }

    @Test
    void fusedLayerPlain() {
        for (Activation act : Activation.values()) {
            for (boolean dropout : new boolean[] {false, true}) {
                Tensor x = param(M, K);
                Tensor w = param(N, K);
                fused("fusedLayer " + act + (dropout ? " p=0.3" : ""), x, w, param(N), param(N), param(N), act,
                        dropout);
            }
        }
    }

    @Test
    void fusedLayerEnsemble() {
        for (Activation act : Activation.values()) {
            for (boolean dropout : new boolean[] {false, true}) {
                for (boolean sharedX : new boolean[] {false, true}) {
                    Tensor x = sharedX ? param(M, K) : param(E, M, K);
                    Tensor w = param(E, N, K);
                    fused("fusedLayer E " + act + (dropout ? " p=0.3" : "") + (sharedX ? " shared" : " per-head"), x, w,
                            param(E, N), param(E, N), param(E, N), act, dropout);
                }
            }
        }
    }

    @Test
    void matmulAllTransposes() {
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                Tensor a = ta == Transpose.N ? param(M, K) : param(K, M);
                Tensor b = tb == Transpose.N ? param(K, N) : param(N, K);
                GradCheck.of("matmul " + ta + tb).check(be, rnd, List.of(a, b), g -> DenseFn.matmul(g, a, ta, b, tb));
            }
        }
    }

    private void fused(String name, Tensor x, Tensor w, Tensor b, Tensor gamma, Tensor beta, Activation act,
            boolean dropout) {
        DropoutSpec spec = dropout ? new DropoutSpec(DROPOUT_P, new PhiloxKey(rnd.nextLong(), 7, 0)) : null;
        List<Tensor> inputs = new ArrayList<>(List.of(x, w, b, gamma, beta));
        GradCheck.of(name).check(be, rnd, inputs,
                g -> DenseFn.fusedLayer(g, x, w, b, spec, gamma, beta, LN_EPS, act, SIMNORM_DIM));
    }
}
