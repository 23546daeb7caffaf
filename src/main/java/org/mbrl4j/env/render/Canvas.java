package org.mbrl4j.env.render;

import java.util.Arrays;

/**
 * A square RGB u8 frame (3, S, S), channels first, row-major (row 0 at the top), with the two filled
 * shapes the classic renderers draw: convex polygons and discs. Coordinates are pixels as doubles,
 * x to the right and y down; pixel (col, row) covers [col, col + 1) × [row, row + 1).
 *
 * <p><b>Anti-aliasing</b> by 4×4 supersampling: a shape covers n of the 16 sample points
 * (col + (i + ½)/4, row + (j + ½)/4) of a pixel, and each channel becomes
 * (old·(16 − n) + colour·n + 8) / 16 in integers. Every step is integer arithmetic or a Java double
 * comparison, so the same shapes give the same bytes on every machine.
 */
public final class Canvas {
    /** Samples per pixel side. */
    static final int SUPERSAMPLE = 4;
    private static final int SAMPLES = SUPERSAMPLE * SUPERSAMPLE;

    private final int size;
    /** (3, S, S). */
    private final byte[] pixels;

    /** A {@code size}×{@code size} canvas filled with {@code background}. */
    public Canvas(int size, Rgb background) {
        if (size < 1) {
            throw new IllegalArgumentException("Canvas: size must be >= 1, got " + size);
        }
        this.size = size;
        this.pixels = new byte[3 * size * size];
        for (int c = 0; c < 3; c++) {
            Arrays.fill(pixels, c * size * size, (c + 1) * size * size, (byte) background.channel(c));
        }
    }

    public int size() {
        return size;
    }

    /** A copy of the frame, (3, S, S). */
    public byte[] bytes() {
        return pixels.clone();
    }

    /** Channel {@code c} of pixel (col, row), 0..255. */
    public int get(int c, int row, int col) {
        return Byte.toUnsignedInt(pixels[(c * size + row) * size + col]);
    }

    /** Fills the convex polygon with corners (xs[i], ys[i]) in either winding order. */
    public void fillConvexPolygon(double[] xs, double[] ys, Rgb colour) {
        if (xs.length != ys.length || xs.length < 3) {
            throw new IllegalArgumentException("fillConvexPolygon: needs >= 3 corners with as many x as y, got "
                    + xs.length + " x and " + ys.length + " y");
        }
        double[] xsCopy = xs.clone();
        double[] ysCopy = ys.clone();
        fill(min(xsCopy), max(xsCopy), min(ysCopy), max(ysCopy), (x, y) -> insideConvex(xsCopy, ysCopy, x, y), colour);
    }

    /**
     * Fills the bar of width {@code width} along the segment (x0, y0) → (x1, y1): the rectangle whose
     * middle line is that segment (pygame's rotated rectangles of the classic renderers).
     */
    public void fillBar(double x0, double y0, double x1, double y1, double width, Rgb colour) {
        double length = Math.hypot(x1 - x0, y1 - y0);
        if (!(length > 0) || !(width > 0)) {
            throw new IllegalArgumentException("fillBar: needs a segment of positive length and a positive width, got"
                    + " length " + length + ", width " + width);
        }
        // the unit normal times half the width
        double nx = -(y1 - y0) / length * width / 2;
        double ny = (x1 - x0) / length * width / 2;
        fillConvexPolygon(new double[] {x0 + nx, x1 + nx, x1 - nx, x0 - nx},
                new double[] {y0 + ny, y1 + ny, y1 - ny, y0 - ny}, colour);
    }

    /** Fills the disc of radius r around (cx, cy). */
    public void fillDisc(double cx, double cy, double r, Rgb colour) {
        if (!(r >= 0)) {
            throw new IllegalArgumentException("fillDisc: radius must be >= 0, got " + r);
        }
        double r2 = r * r;
        fill(cx - r, cx + r, cy - r, cy + r, (x, y) -> (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r2, colour);
    }

    private interface Inside {
        boolean test(double x, double y);
    }

    /** Blends {@code colour} into every pixel of the bounding box by its sample coverage. */
    private void fill(double x0, double x1, double y0, double y1, Inside inside, Rgb colour) {
        int c0 = Math.max(0, (int) Math.floor(x0));
        int c1 = Math.min(size - 1, (int) Math.floor(x1));
        int r0 = Math.max(0, (int) Math.floor(y0));
        int r1 = Math.min(size - 1, (int) Math.floor(y1));
        for (int row = r0; row <= r1; row++) {
            for (int col = c0; col <= c1; col++) {
                int n = 0;
                for (int j = 0; j < SUPERSAMPLE; j++) {
                    for (int i = 0; i < SUPERSAMPLE; i++) {
                        if (inside.test(col + (i + 0.5) / SUPERSAMPLE, row + (j + 0.5) / SUPERSAMPLE)) {
                            n++;
                        }
                    }
                }
                if (n > 0) {
                    blend(row, col, n, colour);
                }
            }
        }
    }

    private void blend(int row, int col, int covered, Rgb colour) {
        for (int c = 0; c < 3; c++) {
            int at = (c * size + row) * size + col;
            int old = Byte.toUnsignedInt(pixels[at]);
            pixels[at] = (byte) ((old * (SAMPLES - covered) + colour.channel(c) * covered + SAMPLES / 2) / SAMPLES);
        }
    }

    /** (x, y) lies on the inner side of every edge (or on an edge) of the convex polygon. */
    private static boolean insideConvex(double[] xs, double[] ys, double x, double y) {
        int n = xs.length;
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (int i = 0; i < n; i++) {
            int k = (i + 1) % n;
            double cross = (xs[k] - xs[i]) * (y - ys[i]) - (ys[k] - ys[i]) * (x - xs[i]);
            anyPositive |= cross > 0;
            anyNegative |= cross < 0;
        }
        return !(anyPositive && anyNegative);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }
}
