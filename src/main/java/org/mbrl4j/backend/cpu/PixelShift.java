package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * The random-shift gather of {@link org.mbrl4j.backend.PixelOps#randomShift}:
 * y[m, c, i, j] = x[m, c, clamp(i + dy_m, 0, Hi − 1), clamp(j + dx_m, 0, Wi − 1)], parallel over images;
 * each output row is a run of the source row's first value, one contiguous copy, and a run of its last.
 */
final class PixelShift {
    private PixelShift() {}

    /** Rough cost of one output element: a copy. */
    private static final long COST_PER_ELEMENT = 1;

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
                // per row: a run of the first column, the shifted columns in one copy, a run of the last
                int left = (int) Math.min(w, Math.max(0L, -(long) dx));
                int right = (int) Math.min(w - left, Math.max(0L, (long) dx));
                int middle = w - left - right;
                for (int ch = 0; ch < c; ch++) {
                    int plane = n * image + ch * h * w;
                    for (int i = 0; i < h; i++) {
                        int row = xo + plane + clamp(i + (long) dy, h) * w;
                        int out = yo + plane + i * w;
                        java.util.Arrays.fill(ys, out, out + left, xs[row]);
                        if (middle > 0) {
                            System.arraycopy(xs, row + left + dx, ys, out + left, middle);
                        }
                        java.util.Arrays.fill(ys, out + left + middle, out + w, xs[row + w - 1]);
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
