package org.mbrl4j.backend.cpu;

import java.util.Arrays;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.tensor.Tensor;

/**
 * Two-hot encoding of scalars on the symlog bin grid (tdmpc2 common/math.py: {@code two_hot}):
 * {@code y = clamp(symlog(x), vmin, vmax)}, position {@code t = (y - vmin) / binSize} in [0, V-1],
 * weight {@code 1 - f} on bin {@code k} and {@code f} on bin {@code k + 1}.
 *
 * <p>The reference takes {@code k = floor(t)} and wraps the upper bin with {@code mod V}, which only
 * matters at {@code y = vmax} where {@code f = 0}. Here {@code t} is clamped to [0, V-1] and {@code k}
 * to [0, V-2], so {@code y = vmax} gives {@code k = V-2, f = 1}: the same distribution, and a float
 * rounding of {@code t} just above V-1 can never put weight on bin 0. {@code f = t - k} is exact
 * (Sterbenz). A NaN input gives NaN weights.
 *
 * <p>Shapes: x (M); out (M, V).
 */
final class TwoHotEncode {
    private TwoHotEncode() {}

    /** Position of x on the grid, in [0, V-1] (NaN for NaN x). */
    static float position(float x, Bins bins) {
        float y = Math.min(Math.max(ScalarMath.symlog(x), bins.vmin()), bins.vmax());
        float t = (y - bins.vmin()) / bins.binSize();
        return Math.min(t, bins.numBins() - 1);
    }

    /** The lower bin k of a position, in [0, V-2]. */
    static int lowerBin(float position, Bins bins) {
        return Math.min((int) Math.floor(position), bins.numBins() - 2);
    }

    static void forward(Tensor x, Bins bins, Tensor out, int rows) {
        float[] xs = x.floats();
        float[] o = out.floats();
        int xo = x.off(), oo = out.off(), k = bins.numBins();
        Parallel.forRange(rows, k, (from, until) -> {
            for (int r = from; r < until; r++) {
                int row = oo + r * k;
                Arrays.fill(o, row, row + k, 0f);
                float t = position(xs[xo + r], bins);
                int lo = lowerBin(t, bins);
                float f = t - lo;
                o[row + lo] = 1f - f;
                o[row + lo + 1] = f;
            }
        });
    }
}
