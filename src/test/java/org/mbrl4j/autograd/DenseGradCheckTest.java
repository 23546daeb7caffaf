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
    /**
     * Central-difference step for the fused layer. LayerNorm over N = 8 features has curvature that
     * grows like rstd^3, and a row with a small spread made the default h = 1e-2 err by 2% (truncation
     * error ∝ h²; h = 1e-3 then agreed to 0.1%). h = 3e-3 cuts that error ~10x while the float32 noise
     * of the objective (~1e-6), divided by 2h, stays far below GradCheck's atol.
     */
    private static final double FUSED_STEP = 3e-3;

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

    /**
     * Backward ops accumulate (+=) as the Backend contract requires: a second call into the same
     * gradients doubles them (GradCheck starts from zeroed gradients, so it cannot tell += from =).
     * Doubling is exact in float except for the GEMM's K-block partial sums: rtol 1e-5.
     */
    @Test
    void backwardAccumulates() {
        var ops = be.dense();
        Tensor x = param(M, K), w = param(E, N, K), gamma = param(E, N), beta = param(E, N), dy = param(E, M, N);
        Tensor y = be.zeros(E, M, N), u = be.zeros(E, M, N), mean = be.zeros(E, M), rstd = be.zeros(E, M);
        ops.fusedLayerForward(x, w, param(E, N), null, gamma, beta, LN_EPS, Activation.MISH, SIMNORM_DIM, y, u, mean,
                rstd);
        Tensor[] grads = {be.zeros(M, K), be.zeros(E, N, K), be.zeros(E, N), be.zeros(E, N), be.zeros(E, N)};
        Runnable fusedBackward = () -> ops.fusedLayerBackward(x, w, null, gamma, beta, Activation.MISH, SIMNORM_DIM, y,
                u, mean, rstd, dy, grads[0], grads[1], grads[2], grads[3], grads[4]);
        assertDoubles("fusedLayerBackward", fusedBackward, grads);
        Tensor[] linGrads = {be.zeros(M, K), be.zeros(E, N, K), be.zeros(E, N)};
        assertDoubles("ensembleLinearBackward",
                () -> ops.ensembleLinearBackward(x, w, dy, linGrads[0], linGrads[1], linGrads[2]), linGrads);
        Tensor wp = param(N, K);
        Tensor dyp = param(M, N);
        Tensor[] plainGrads = {be.zeros(M, K), be.zeros(N, K), be.zeros(N)};
        assertDoubles("linearBackward", () -> ops.linearBackward(x, wp, dyp, plainGrads[0], plainGrads[1],
                plainGrads[2]), plainGrads);
    }

    private void assertDoubles(String op, Runnable backward, Tensor[] grads) {
        backward.run();
        List<float[]> once = new ArrayList<>();
        for (Tensor t : grads) {
            once.add(be.toArray(t));
        }
        backward.run();
        for (int i = 0; i < grads.length; i++) {
            float[] twice = be.toArray(grads[i]);
            for (int j = 0; j < twice.length; j++) {
                double expected = 2.0 * once.get(i)[j];
                if (Math.abs(twice[j] - expected) > 1e-5 * Math.abs(expected) + 1e-7) {
                    throw new AssertionError(String.format("%s gradient %d element %d: second call gave %.8g, expected"
                            + " 2 x %.8g (accumulate, not overwrite); seed %d", op, i, j, twice[j], once.get(i)[j],
                            rnd.seed()));
                }
            }
            if (once.get(i).length > 0 && java.util.Arrays.equals(once.get(i), new float[twice.length])) {
                throw new AssertionError(op + " gradient " + i + " is all zero; seed " + rnd.seed());
            }
        }
        System.out.println("accumulation " + op + " ok (" + grads.length + " gradients doubled)");
    }

    private void fused(String name, Tensor x, Tensor w, Tensor b, Tensor gamma, Tensor beta, Activation act,
            boolean dropout) {
        DropoutSpec spec = dropout ? new DropoutSpec(DROPOUT_P, new PhiloxKey(rnd.nextLong(), 7, 0)) : null;
        List<Tensor> inputs = new ArrayList<>(List.of(x, w, b, gamma, beta));
        GradCheck.of(name).step(FUSED_STEP).check(be, rnd, inputs,
                g -> DenseFn.fusedLayer(g, x, w, b, spec, gamma, beta, LN_EPS, act, SIMNORM_DIM));
    }
}
