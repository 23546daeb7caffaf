package org.mbrl4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** GIF's 256-colour limit: a frame with more colours loses low bits per channel until it fits, and no more. */
class AnimatedGifTest {

    @Test
    void aFrameOfMoreThan256ColoursKeepsTheHighBitsOfEachChannel() throws Exception {
        var many = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                many.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | 77); // 1,024 colours
            }
        }
        byte[] gif = AnimatedGif.encode(List.of(many, many), 4);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(2, reader.getNumImages(true));
            BufferedImage back = reader.read(1);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int p = back.getRGB(x, y);
                    // 16 values of red and of green (4 bits dropped) make 256 colours: the first precision that fits
                    assertEquals((x * 8) & 0xF0, p >> 16 & 0xFF, "red at " + x + ", " + y);
                    assertEquals((y * 8) & 0xF0, p >> 8 & 0xFF, "green at " + x + ", " + y);
                    assertEquals(77 & 0xF0, p & 0xFF, "blue");
                }
            }
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
