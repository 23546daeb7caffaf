package org.mbrl4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/**
 * Round trips through the JDK's GIF reader: one global colour table and no local ones, frames that
 * store only their changed rectangle, exact colours when the whole animation has at most 256, the
 * fixed dithered palette within its error otherwise, and a 500-frame 64×64 episode well under 1 MB.
 */
class AnimatedGifTest {
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";

    /** A frame: a background from {@code background} and a 6×6 square of {@code square} at (x, y). */
    private static BufferedImage frame(int size, java.util.function.IntBinaryOperator background, int x, int y,
            int square) {
        var image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                boolean in = i >= x && i < x + 6 && j >= y && j < y + 6;
                image.setRGB(i, j, in ? square : background.applyAsInt(i, j));
            }
        }
        return image;
    }

    /** A moving square over a smooth gradient: 64×64×... far more than 256 colours. */
    private static List<BufferedImage> gradientEpisode(int frames) {
        List<BufferedImage> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            out.add(frame(64, (i, j) -> (i * 4) << 16 | (j * 4) << 8 | 128 + i + j / 2, 5 + f % 50, 20 + f % 30 / 3,
                    0xD2B48C));
        }
        return out;
    }

    private record Decoded(List<int[]> frames, List<int[]> rects, boolean global, int localTables) {}

    /** Reads {@code gif} back and composites every frame over the previous one, as a player does. */
    private static Decoded decode(byte[] gif, int size) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            var stream = (IIOMetadataNode) reader.getStreamMetadata().getAsTree(STREAM_FORMAT);
            boolean global = stream.getElementsByTagName("GlobalColorTable").getLength() == 1;
            int n = reader.getNumImages(true);
            int[] canvas = new int[size * size];
            List<int[]> frames = new ArrayList<>();
            List<int[]> rects = new ArrayList<>();
            int local = 0;
            for (int f = 0; f < n; f++) {
                var meta = (IIOMetadataNode) reader.getImageMetadata(f).getAsTree(IMAGE_FORMAT);
                local += meta.getElementsByTagName("LocalColorTable").getLength();
                var d = (IIOMetadataNode) meta.getElementsByTagName("ImageDescriptor").item(0);
                int x = Integer.parseInt(d.getAttribute("imageLeftPosition"));
                int y = Integer.parseInt(d.getAttribute("imageTopPosition"));
                BufferedImage part = reader.read(f);
                rects.add(new int[] {x, y, part.getWidth(), part.getHeight()});
                for (int j = 0; j < part.getHeight(); j++) {
                    for (int i = 0; i < part.getWidth(); i++) {
                        canvas[(y + j) * size + x + i] = part.getRGB(i, j) & 0xFFFFFF;
                    }
                }
                frames.add(canvas.clone());
            }
            return new Decoded(frames, rects, global, local);
        }
    }

    @Test
    void anAnimationOfAtMost256ColoursRoundTripsExactlyWithOneGlobalTableAndChangedRectanglesOnly() throws Exception {
        List<BufferedImage> frames = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            frames.add(frame(32, (i, j) -> (i / 4) * 0x100000 + (j / 4) * 0x1000 + 0x20, f, 10, 0xFF0000 + f));
        }
        byte[] gif = AnimatedGif.encode(frames, 4);
        Decoded back = decode(gif, 32);
        assertEquals(20, back.frames().size());
        assertTrue(back.global(), "one global colour table");
        assertEquals(0, back.localTables(), "no frame has its own colour table");
        assertArrayEquals(new int[] {0, 0, 32, 32}, back.rects().get(0), "the first frame is whole");
        for (int f = 1; f < 20; f++) {
            assertArrayEquals(new int[] {f - 1, 10, 7, 6}, back.rects().get(f),
                    "frame " + f + ": the square moved one pixel right: the old column and the new square");
        }
        for (int f = 0; f < 20; f++) {
            assertArrayEquals(frames.get(f).getRGB(0, 0, 32, 32, null, 0, 32), or(back.frames().get(f)),
                    "frame " + f + " exactly");
        }
    }

    private static int[] or(int[] rgb) {
        int[] out = rgb.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] |= 0xFF000000;
        }
        return out;
    }

    @Test
    void moreThan256ColoursUseTheFixedPaletteDitheredWithinOneStepAndUnbiased() throws Exception {
        List<BufferedImage> frames = gradientEpisode(10);
        Decoded back = decode(AnimatedGif.encode(frames, 4), 64);
        assertEquals(10, back.frames().size());
        assertEquals(0, back.localTables());
        for (int f = 0; f < 10; f++) {
            int[] want = frames.get(f).getRGB(0, 0, 64, 64, null, 0, 64);
            int[] got = back.frames().get(f);
            long[] sum = new long[3];
            for (int p = 0; p < want.length; p++) {
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    int d = (got[p] >> shift & 0xFF) - (want[p] >> shift & 0xFF);
                    assertTrue(Math.abs(d) <= GifPalette.CUBE_STEP, "frame " + f + " pixel " + p + " channel " + c
                            + " off by " + d);
                    sum[c] += d;
                }
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(0, sum[c] / (double) want.length, 4, "frame " + f + " channel " + c + ": mean error");
            }
        }
    }

    @Test
    void greysDitherOnTheFineGreyRamp() {
        GifPalette fixed = GifPalette.fixed();
        assertFalse(fixed.isExact());
        int[] grey = new int[16];
        java.util.Arrays.fill(grey, 0x707172);
        byte[] idx = fixed.indices(grey, 4);
        for (byte i : idx) {
            int c = fixed.colour(i & 0xFF);
            int v = c & 0xFF;
            assertEquals(v, c >> 16 & 0xFF, "a grey maps to a grey");
            assertTrue(Math.abs(v - 0x71) <= 8, "within one grey step: " + v);
        }
    }

    @Test
    void aFiveHundredFrameEpisodeAt64PixelsIsDeterministicAndWellUnderOneMegabyte() throws Exception {
        List<BufferedImage> frames = gradientEpisode(500);
        byte[] gif = AnimatedGif.encode(frames, 4);
        assertTrue(gif.length < 200_000, "500 frames of 64×64: " + gif.length + " bytes");
        assertArrayEquals(gif, AnimatedGif.encode(frames, 4), "the same frames, the same bytes");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(500, reader.getNumImages(true));
        }
    }

    @Test
    void framesOfDifferentSizesOrNoFramesAreRefused() {
        var a = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        var b = new BufferedImage(4, 5, BufferedImage.TYPE_INT_RGB);
        var e = assertThrows(IllegalArgumentException.class, () -> AnimatedGif.encode(List.of(a, b), 5));
        assertTrue(e.getMessage().contains("frame 1 is 4×5, frame 0 is 4×4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnimatedGif.encode(List.of(), 5));
        assertThrows(IllegalArgumentException.class, () -> AnimatedGif.encode(List.of(a), 0));
    }
}
