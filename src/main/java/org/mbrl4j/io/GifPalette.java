package org.mbrl4j.io;

import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The one colour table of an animated GIF and the mapping of 0xRRGGBB pixels to its indices. When all
 * frames together have at most 256 colours the table holds exactly those (in order of first
 * appearance) and the mapping is exact. Otherwise it is fixed: a 6×6×6 cube (levels 0, 51, …, 255)
 * then 40 greys between the cube's, and each pixel is ordered-dithered with a 4×4 Bayer matrix, so the
 * mapping depends only on the pixel's colour and position (deterministic; a still pixel keeps its
 * index from frame to frame). A dithered pixel is within one cube step (51) of its colour per channel,
 * a near-grey one (channels within {@value #GREY_SPREAD}) within one grey step plus that spread.
 */
final class GifPalette {
    static final int MAX_COLOURS = 256;
    static final int CUBE_LEVELS = 6;
    static final int CUBE_STEP = 255 / (CUBE_LEVELS - 1);
    static final int EXTRA_GREYS = MAX_COLOURS - CUBE_LEVELS * CUBE_LEVELS * CUBE_LEVELS;
    /** The largest channel spread that counts as grey (dithered on the finer grey ramp). */
    static final int GREY_SPREAD = 6;
    /** 4×4 Bayer matrix; thresholds (b + 0.5) / 16. */
    private static final int[] BAYER = {0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5};

    private final int[] table;
    private final Map<Integer, Integer> exact;
    /** The grey ramp (values) and the palette index of each, ascending; fixed palette only. */
    private final int[] greyValue;
    private final int[] greyIndex;

    private GifPalette(int[] table, Map<Integer, Integer> exact, int[] greyValue, int[] greyIndex) {
        this.table = table;
        this.exact = exact;
        this.greyValue = greyValue;
        this.greyIndex = greyIndex;
    }

    /** The palette of {@code frames} (0xRRGGBB pixels each; the alpha byte is ignored). */
    static GifPalette of(int[][] frames) {
        Map<Integer, Integer> seen = new HashMap<>();
        scan:
        for (int[] frame : frames) {
            for (int p : frame) {
                seen.putIfAbsent(p & 0xFFFFFF, seen.size());
                if (seen.size() > MAX_COLOURS) {
                    break scan;
                }
            }
        }
        if (seen.size() <= MAX_COLOURS) {
            int[] table = new int[Math.max(2, seen.size())];
            seen.forEach((colour, i) -> table[i] = colour);
            return new GifPalette(table, seen, null, null);
        }
        return fixed();
    }

    /** The fixed cube-plus-greys palette. */
    static GifPalette fixed() {
        int[] table = new int[MAX_COLOURS];
        int n = 0;
        for (int r = 0; r < CUBE_LEVELS; r++) {
            for (int g = 0; g < CUBE_LEVELS; g++) {
                for (int b = 0; b < CUBE_LEVELS; b++) {
                    table[n++] = (r * CUBE_STEP) << 16 | (g * CUBE_STEP) << 8 | b * CUBE_STEP;
                }
            }
        }
        // the greys: the cube's 6 plus 40 more, 8 evenly spaced inside each of the cube's 5 grey steps
        int[] value = new int[CUBE_LEVELS + EXTRA_GREYS];
        int[] index = new int[value.length];
        int k = 0;
        for (int step = 0; step < CUBE_LEVELS - 1; step++) {
            int lo = step * CUBE_STEP;
            value[k] = lo;
            index[k++] = cubeIndex(step, step, step);
            for (int j = 1; j <= EXTRA_GREYS / (CUBE_LEVELS - 1); j++) {
                int v = lo + Math.round(j * CUBE_STEP / 9f);
                table[n] = v << 16 | v << 8 | v;
                value[k] = v;
                index[k++] = n++;
            }
        }
        value[k] = 255;
        index[k] = cubeIndex(CUBE_LEVELS - 1, CUBE_LEVELS - 1, CUBE_LEVELS - 1);
        return new GifPalette(table, null, value, index);
    }

    private static int cubeIndex(int r, int g, int b) {
        return (r * CUBE_LEVELS + g) * CUBE_LEVELS + b;
    }

    /** Whether the palette is the frames' own colours (no dithering). */
    boolean isExact() {
        return exact != null;
    }

    /** The table as a colour model (size rounded up to a power of two, as GIF stores it). */
    IndexColorModel colourModel() {
        int size = Integer.highestOneBit(Math.max(2, table.length) - 1) << 1;
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < table.length; i++) {
            r[i] = (byte) (table[i] >> 16);
            g[i] = (byte) (table[i] >> 8);
            b[i] = (byte) table[i];
        }
        return new IndexColorModel(8, size, r, g, b);
    }

    /** The palette indices of {@code rgb}, a frame {@code width} pixels wide, row by row. */
    byte[] indices(int[] rgb, int width) {
        byte[] out = new byte[rgb.length];
        for (int p = 0; p < rgb.length; p++) {
            int colour = rgb[p] & 0xFFFFFF;
            if (exact != null) {
                out[p] = (byte) exact.get(colour).intValue();
                continue;
            }
            float threshold = (BAYER[(p / width % 4) * 4 + p % width % 4] + 0.5f) / 16;
            int r = colour >> 16 & 0xFF;
            int g = colour >> 8 & 0xFF;
            int b = colour & 0xFF;
            int spread = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
            out[p] = (byte) (spread <= GREY_SPREAD ? grey((r + g + b) / 3f, threshold)
                    : cubeIndex(level(r, threshold), level(g, threshold), level(b, threshold)));
        }
        return out;
    }

    /** The cube level of channel value {@code c}: the lower or upper neighbour, the upper one with probability given by the position between them. */
    private static int level(int c, float threshold) {
        float x = c / (float) CUBE_STEP;
        int lo = (int) x;
        return lo >= CUBE_LEVELS - 1 ? CUBE_LEVELS - 1 : x - lo > threshold ? lo + 1 : lo;
    }

    private int grey(float v, float threshold) {
        int hi = Arrays.binarySearch(greyValue, (int) Math.ceil(v));
        hi = hi >= 0 ? hi : -hi - 1;
        if (hi == 0 || greyValue[hi] == v) {
            return greyIndex[hi];
        }
        int lo = hi - 1;
        float t = (v - greyValue[lo]) / (greyValue[hi] - greyValue[lo]);
        return greyIndex[t > threshold ? hi : lo];
    }

    /** The colour (0xRRGGBB) of index {@code i}. */
    int colour(int i) {
        return table[i];
    }
}
