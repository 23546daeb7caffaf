package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Dropout masks from Philox in vector lanes ({@link RandomDropout#mask}) equal the one-block-at-a-time
 * reference ({@link RandomDropout#scalarMask}) bit for bit, on fresh random keys (counters that carry
 * into the high word, streams and seeds using all 64 bits), offsets, lengths off the lane group, and
 * drop rates including 0, 1, NaN and rates that are exactly a representable uniform.
 */
class PhiloxLanesTest {
    private final long seed = System.nanoTime();
    private final SplittableRandom rnd = new SplittableRandom(seed);

    @Test
    void vectorMaskEqualsScalarReference() {
        assertTrue(PhiloxLanes.blocksPerGroup() > 0 || !VectorWidth.enabled(), "vectors on, lanes off");
        float[] rates = {0f, 0.01f, 0.5f, 1f, Float.NaN, -0f, 0x1.0p-24f * 167772, 0x1.0p-24f * 167773, 0.99999994f};
        for (int round = 0; round < 200; round++) {
            long counter = round % 3 == 0 ? 0xFFFF_FFF0L + rnd.nextInt(32) : rnd.nextLong();
            PhiloxKey key = new PhiloxKey(rnd.nextLong(), rnd.nextLong(), counter);
            float p = round < rates.length ? rates[round] : (float) rnd.nextDouble();
            long first = 4L * rnd.nextInt(0, 1 << 20);
            int count = rnd.nextInt(0, 3000);
            float[] vector = new float[count];
            float[] scalar = new float[count];
            RandomDropout.mask(key, p, first, vector, count);
            RandomDropout.scalarMask(key, p, first, 0, scalar, count);
            for (int j = 0; j < count; j++) {
                assertEquals(Float.floatToRawIntBits(scalar[j]), Float.floatToRawIntBits(vector[j]),
                        "mask element " + j + " of " + count + ", p=" + p + ", key " + key + ", first " + first
                                + ", seed " + seed);
            }
        }
    }

    @Test
    void thresholdIsTheFirstUniformAtOrAboveTheRate() {
        for (int i = 0; i < 10_000; i++) {
            float p = i < 3 ? new float[] {0f, 1f, 0x1.0p-24f}[i] : (float) rnd.nextDouble();
            long t = PhiloxLanes.threshold(p);
            assertTrue(t * 0x1.0p-24f >= p && (t == 0 || (t - 1) * 0x1.0p-24f < p), "p=" + p + " threshold " + t);
        }
    }
}
