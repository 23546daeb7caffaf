package org.mbrl4j.env.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes (3, S, S) RGB u8 frames as PNG, for a reader to see what the agent sees. */
public final class FramePng {
    private FramePng() {}

    /** The gap between frames: mid grey, unlike any colour the renderers draw. */
    private static final int GAP = 0x808080;

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
        int plane = size * size;
        int cell = size * zoom;
        BufferedImage image = new BufferedImage(frames.length * (cell + zoom) - zoom, cell, BufferedImage.TYPE_INT_RGB);
        for (int f = 0; f < frames.length; f++) {
            if (frames[f].length != 3 * plane) {
                throw new IllegalArgumentException("FramePng.write: frame " + f + " has " + frames[f].length
                        + " bytes, expected 3·" + size + "·" + size);
            }
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    int at = (y / zoom) * size + x / zoom;
                    int rgb = Byte.toUnsignedInt(frames[f][at]) << 16 | Byte.toUnsignedInt(frames[f][plane + at]) << 8
                            | Byte.toUnsignedInt(frames[f][2 * plane + at]);
                    image.setRGB(f * (cell + zoom) + x, y, rgb);
                }
            }
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
}
