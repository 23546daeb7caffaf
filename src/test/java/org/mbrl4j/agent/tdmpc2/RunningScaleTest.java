package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The running scale on the backend computes, bit for bit, what the host RunningScale computed before it moved
 * there ({@link #hostReference}: the former update(float[]), copied verbatim), and keeps its value until a
 * proposal is accepted.
 */
class RunningScaleTest {
    private final CpuBackend be = new CpuBackend();

    /** The host math of the former RunningScale#update and #percentile. */
    private static float hostReference(float value, float tau, float[] x) {
        float s = Math.max(percentile(x, 95) - percentile(x, 5), 1f);
        return value + tau * (s - value);
    }

    private static float percentile(float[] x, double p) {
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        double pos = p * (sorted.length - 1) / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return (float) (sorted[lo] + frac * (sorted[hi] - sorted[lo]));
    }

    @Test
    void theBackendStepEqualsTheFormerHostMathBitForBit() {
        TestRandom rnd = new TestRandom();
        RunningScale scale = new RunningScale(be, 0.01f);
        float host = 1f;
        for (int step = 0; step < 200; step++) {
            int n = 1 + rnd.nextInt(300);
            float spread = (float) Math.pow(10, rnd.nextInt(-2, 4));
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                // a coarse grid half the time: ties between the order statistics
                x[i] = step % 2 == 0 ? spread * rnd.nextInt(-6, 7) / 4f : spread * (float) rnd.uniform(-1, 1);
            }
            Tensor q = be.fromArray(x, 1, n);
            scale.propose(q);
            assertEquals(host, scale.value(), "propose leaves the value; step " + step + ", " + rnd.seed());
            scale.accept();
            host = hostReference(host, 0.01f, x);
            assertEquals(Float.floatToRawIntBits(host), Float.floatToRawIntBits(scale.value()), "step " + step + " n="
                    + n + ": host " + host + ", backend " + scale.value() + "; " + rnd.seed());
            assertEquals(Float.floatToRawIntBits(1f / host), Float.floatToRawIntBits(be.toArray(scale.inverse())[0]),
                    "inverse after step " + step);
        }
    }

    @Test
    void aNonFiniteProposalLeavesTheValueAndSetChecksItsArgument() {
        RunningScale scale = new RunningScale(be, 1f);
        scale.set(2.5f);
        scale.propose(be.fromArray(new float[] {0f, Float.POSITIVE_INFINITY}, 2));
        assertEquals(Float.NaN, be.toArray(scale.proposed())[0], "inf - inf in the range");
        assertEquals(2.5f, scale.value());
        assertEquals(0.4f, be.toArray(scale.inverse())[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scale.set(0.5f));
        assertEquals("running scale 0.5 must be a finite value >= 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RunningScale(be, 0f));
    }
}
