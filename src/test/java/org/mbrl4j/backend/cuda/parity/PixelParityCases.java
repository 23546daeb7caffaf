package org.mbrl4j.backend.cuda.parity;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Parity of kernels/pixel.cu: the random shift (a gather) and PlaNet's preprocessing (exact float
 * arithmetic on Philox bits) are bit-exact. Frames hold random byte values; shifts cover the
 * augmentation's [−4, 4] and saturating ones beyond the image.
 */
abstract class PixelParityCases extends ParityCases {

    /** (M, Ci, Hi, Wi): one tiny image, odd sizes, and a TD-MPC2 pixel batch slice (9 = 3 stacked RGB frames). */
    static Stream<Arguments> images() {
        return Stream.of(Arguments.of(1, 1, 1, 1), Arguments.of(3, 2, 5, 7), Arguments.of(4, 9, 64, 64));
    }

    @ParameterizedTest(name = "M={0} C={1} H={2} W={3}")
    @MethodSource("images")
    void randomShift(int m, int c, int h, int w) {
        ParityRun r = run("randomShift", m, c, h, w);
        ParityRun.Pair x = bytes(r, m, c, h, w);
        ParityRun.Pair shifts = r.ints(-4, 5, m, 2);
        ParityRun.Pair y = r.out(m, c, h, w);
        r.apply(be -> be.pixel().randomShift(x.on(be), shifts.on(be), y.on(be)));
        r.check("y", y, Tol.exact());
        ParityRun.Pair far = r.ints(-100, 101, m, 2);
        ParityRun.Pair yFar = r.out(m, c, h, w);
        r.apply(be -> be.pixel().randomShift(x.on(be), far.on(be), yFar.on(be)));
        r.check("y (shifts beyond the image)", yFar, Tol.exact());
    }

    @ParameterizedTest(name = "M={0} C={1} H={2} W={3}")
    @MethodSource("images")
    void planetPreprocess(int m, int c, int h, int w) {
        ParityRun r = run("planetPreprocess", m, c, h, w);
        ParityRun.Pair x = bytes(r, m, c, h, w);
        PhiloxKey key = new PhiloxKey(r.rnd.nextLong(), r.rnd.nextLong(), (1L << 32) + r.rnd.nextInt(1 << 20));
        for (int bits : new int[] {5, 1, 8}) {
            ParityRun.Pair y = r.out(m, c, h, w);
            r.apply(be -> be.pixel().planetPreprocess(x.on(be), bits, key, y.on(be)));
            r.check("y (bits=" + bits + ")", y, Tol.exact());
        }
    }

    /** Integral values 0..255 as f32, as frames arrive. */
    private static ParityRun.Pair bytes(ParityRun r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.rnd.nextInt(256);
        }
        return r.values(v, shape);
    }
}
