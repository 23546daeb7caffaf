package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * The random-shift gather of {@link org.mbrl4j.backend.PixelOps#randomShift}:
 * y[m, c, i, j] = x[m, c, clamp(i + dy_m, 0, H − 1), clamp(j + dx_m, 0, W − 1)], parallel over images.
 */
final class PixelShift {
    private PixelShift() {}

    /** Rough cost of one output element: two clamps and a copy. */
    private static final long COST_PER_ELEMENT = 4;

    static void forward(Tensor x, Tensor shifts, Tensor y) {
        int m = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        float[] xs = x.floats();
        float[] ys = y.floats();
        int[] s = shifts.ints();
        int xo = x.off(), yo = y.off(), so = shifts.off();
        int image = c * h * w;
        Parallel.forRange(m, COST_PER_ELEMENT * image, (from, until) -> {
            for (int n = from; n < until; n++) {
                int dy = s[so + 2 * n];
                int dx = s[so + 2 * n + 1];
                for (int ch = 0; ch < c; ch++) {
                    int plane = n * image + ch * h * w;
                    for (int i = 0; i < h; i++) {
                        int row = plane + clamp(i + (long) dy, h) * w;
                        int out = yo + plane + i * w;
                        for (int j = 0; j < w; j++) {
                            ys[out + j] = xs[xo + row + clamp(j + (long) dx, w)];
                        }
                    }
                }
            }
        });
    }

    /** v clamped to [0, n − 1]; long so that a shift near the int range cannot overflow. */
    static int clamp(long v, int n) {
        return (int) Math.max(0, Math.min(n - 1, v));
    }
}
