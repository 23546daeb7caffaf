package org.mbrl4j.env.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads (3, S, S) frames in tests: pixel colours and the box of pixels that are not background. */
final class FrameAsserts {
    private FrameAsserts() {}

    static final int S = FrameRenderer.DEFAULT_SIZE;

    /** (r, g, b) of pixel (row, col). */
    static int[] rgb(byte[] frame, int row, int col) {
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
            out[c] = Byte.toUnsignedInt(frame[(c * S + row) * S + col]);
        }
        return out;
    }

    static boolean isWhite(byte[] frame, int row, int col) {
        int[] p = rgb(frame, row, col);
        return p[0] == 255 && p[1] == 255 && p[2] == 255;
    }

    /** {top, bottom, left, right} of the non-white pixels within rows [r0, r1]. */
    static int[] box(byte[] frame, int r0, int r1) {
        int top = S, bottom = -1, left = S, right = -1;
        for (int row = r0; row <= r1; row++) {
            for (int col = 0; col < S; col++) {
                if (!isWhite(frame, row, col)) {
                    top = Math.min(top, row);
                    bottom = Math.max(bottom, row);
                    left = Math.min(left, col);
                    right = Math.max(right, col);
                }
            }
        }
        return new int[] {top, bottom, left, right};
    }

    static void assertPixel(byte[] frame, int row, int col, int r, int g, int b) {
        assertEquals(java.util.List.of(r, g, b), java.util.Arrays.stream(rgb(frame, row, col)).boxed().toList(),
                "pixel (row " + row + ", col " + col + ")");
    }
}
