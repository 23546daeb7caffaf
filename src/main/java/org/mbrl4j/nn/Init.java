package org.mbrl4j.nn;

import org.mbrl4j.rng.Rng;

/**
 * Parameter initialisers (tdmpc2 common/init.py: weight_init). Each draws on the host from a Philox
 * stream, so initial weights are identical on every backend for the same seed.
 */
public sealed interface Init {

    /** Fills {@code values} (row-major, {@code fanIn} = last dim). */
    void fill(float[] values, int fanIn, Rng rng);

    /** Normal(0, std^2) resampled until inside [lo, hi] (torch.nn.init.trunc_normal_). */
    record TruncatedNormal(float std, float lo, float hi) implements Init {
        /** The reference's Linear init: std 0.02, cut at absolute ±2 (effectively untruncated). */
        public static final TruncatedNormal TDMPC2 = new TruncatedNormal(0.02f, -2f, 2f);

        public TruncatedNormal {
            if (!(std > 0) || !(lo < hi)) {
                throw new IllegalArgumentException("TruncatedNormal(std=" + std + ", lo=" + lo + ", hi=" + hi
                        + "): needs std > 0 and lo < hi");
            }
        }

        @Override
        public void fill(float[] values, int fanIn, Rng rng) {
            for (int i = 0; i < values.length; i++) {
                float v;
                do {
                    v = std * rng.normal();
                } while (v < lo || v > hi);
                values[i] = v;
            }
        }
    }

    /** Constant value (0 for biases and zero-initialised final layers, 1 for LayerNorm gains). */
    record Constant(float value) implements Init {
        public static final Constant ZERO = new Constant(0f);
        public static final Constant ONE = new Constant(1f);

        @Override
        public void fill(float[] values, int fanIn, Rng rng) {
            java.util.Arrays.fill(values, value);
        }
    }

    /** U(-bound, bound); PyTorch's default Linear/Conv init uses bound = 1/sqrt(fanIn). */
    record Uniform(float bound) implements Init {
        @Override
        public void fill(float[] values, int fanIn, Rng rng) {
            for (int i = 0; i < values.length; i++) {
                values[i] = rng.uniform(-bound, bound);
            }
        }
    }
}
