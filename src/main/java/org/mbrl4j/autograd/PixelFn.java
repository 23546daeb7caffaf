package org.mbrl4j.autograd;

import org.mbrl4j.backend.PixelOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The pixel pipeline's ops ({@link PixelOps}) into arena tensors. Both act on observations and record
 * nothing on the tape: their outputs carry no gradient.
 */
public final class PixelFn {
    private PixelFn() {}

    /** Philox values a {@link #randomShift} draw takes: two per image (dy, dx). */
    public static long shiftDraws(int images) {
        return 2L * images;
    }

    /**
     * x (M, Ci, Hi, Wi) shifted by a random (dy, dx) in [−pad, pad]² per image, the border replicated:
     * the crop of the pad-padded image at a uniformly drawn offset. The shifts are drawn from
     * {@code key} ({@link #shiftDraws}(M) values).
     */
    public static Tensor randomShift(Graph g, Tensor x, PhiloxKey key, int pad) {
        if (pad < 0) {
            throw new IllegalArgumentException("randomShift: pad must be >= 0, got " + pad);
        }
        Shapes.requireRank("randomShift", "x", x, 4);
        Tensor shifts = RandomFn.randint(g, key, -pad, pad + 1, x.dim(0), 2);
        Tensor y = g.temp(x.shape());
        g.backend().pixel().randomShift(x, shifts, y);
        return y;
    }

    /**
     * PlaNet's preprocessing of byte values x: {@code bits} bits kept, uniform dequantisation noise
     * from {@code key} (one value per element), centred to [−0.5, 0.5) ({@link PixelOps#planetPreprocess}).
     */
    public static Tensor planetPreprocess(Graph g, Tensor x, int bits, PhiloxKey key) {
        Tensor y = g.temp(x.shape());
        g.backend().pixel().planetPreprocess(x, bits, key, y);
        return y;
    }
}
