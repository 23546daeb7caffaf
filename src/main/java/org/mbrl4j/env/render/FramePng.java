package org.mbrl4j.env.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes (3, S, S) RGB u8 frames as PNG, for a reader to see what the agent sees, and paints them
 * into images of other pictures (evaluation figures, videos): always enlarged by pixel repetition,
 * so no smoothing hides what the agent gets.
 */
public final class FramePng {
    private FramePng() {}

    /** The gap between frames: mid grey, unlike any colour the renderers draw. */
    private static final int GAP = 0x808080;
    /** {@link #zoomFor} enlarges a frame to at least this many pixels a side. */
    private static final int MIN_SHOWN_SIZE = 96;

    /**
     * Writes the frames side by side, each enlarged {@code zoom} times by pixel repetition (so no
     * smoothing hides what the agent gets), with a {@code zoom}-pixel grey gap between them.
     *
     * @param frames each (3, S, S) with the same S
     */
    public static void write(Path file, int size, int zoom, byte[]... frames) throws IOException {
        if (frames.length == 0 || zoom < 1) {
            throw new IllegalArgumentException("FramePng.write: needs >= 1 frame and zoom >= 1, got " + frames.length
                    + " frames, zoom " + zoom);
        }
        int cell = size * zoom;
        BufferedImage image = new BufferedImage(frames.length * (cell + zoom) - zoom, cell, BufferedImage.TYPE_INT_RGB);
        for (int f = 0; f < frames.length; f++) {
            paint(image, f * (cell + zoom), 0, size, zoom, frames[f], "frame " + f);
        }
        for (int f = 1; f < frames.length; f++) {
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < zoom; x++) {
                    image.setRGB(f * (cell + zoom) - zoom + x, y, GAP);
                }
            }
        }
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    /**
     * Paints {@code frame} (3, S, S) enlarged {@code zoom} times into {@code image} with its top left
     * corner at (x, y): pixel (col, row) of the frame fills the zoom×zoom block at
     * (x + col·zoom, y + row·zoom).
     *
     * @param what names the frame in the error message of a misshapen one
     * @throws IllegalArgumentException when the frame is not 3·S·S bytes or does not fit the image there
     */
    public static void paint(BufferedImage image, int x, int y, int size, int zoom, byte[] frame, String what) {
        int plane = size * size;
        int cell = size * zoom;
        if (size < 1 || zoom < 1 || frame.length != 3 * plane) {
            throw new IllegalArgumentException("FramePng.paint: " + what + " has " + frame.length
                    + " bytes, expected 3·" + size + "·" + size + " (size >= 1, zoom " + zoom + " >= 1)");
        }
        if (x < 0 || y < 0 || x + cell > image.getWidth() || y + cell > image.getHeight()) {
            throw new IllegalArgumentException("FramePng.paint: " + what + " (" + cell + "×" + cell + " at " + x + ", "
                    + y + ") does not fit the " + image.getWidth() + "×" + image.getHeight() + " image");
        }
        for (int row = 0; row < cell; row++) {
            for (int col = 0; col < cell; col++) {
                image.setRGB(x + col, y + row, rgb(frame, plane, (row / zoom) * size + col / zoom));
            }
        }
    }

    /** {@code frame} (3, S, S) enlarged {@code zoom} times, as an RGB image. */
    public static BufferedImage image(int size, int zoom, byte[] frame) {
        if (size < 1 || zoom < 1) {
            throw new IllegalArgumentException("FramePng.image: needs size >= 1 and zoom >= 1, got size " + size
                    + ", zoom " + zoom);
        }
        BufferedImage image = new BufferedImage(size * zoom, size * zoom, BufferedImage.TYPE_INT_RGB);
        paint(image, 0, 0, size, zoom, frame, "the frame");
        return image;
    }

    /** The smallest zoom that shows an S-pixel frame at least 96 pixels a side (2 for the 64-pixel frames). */
    public static int zoomFor(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("FramePng.zoomFor: size must be >= 1, got " + size);
        }
        return Math.max(1, (MIN_SHOWN_SIZE + size - 1) / size);
    }

    /** 0xRRGGBB of pixel {@code at} (row·S + col) of a channel-major frame with planes of {@code plane} bytes. */
    private static int rgb(byte[] frame, int plane, int at) {
        return Byte.toUnsignedInt(frame[at]) << 16 | Byte.toUnsignedInt(frame[plane + at]) << 8
                | Byte.toUnsignedInt(frame[2 * plane + at]);
    }
}
