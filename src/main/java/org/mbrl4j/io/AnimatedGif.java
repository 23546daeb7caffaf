package org.mbrl4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Animated GIF files through the JDK's own GIF writer ({@code javax.imageio}): every frame shown for
 * the same delay, looping forever (the NETSCAPE2.0 application extension with loop count 0), each frame
 * with its own colour table. GIF frames have at most 256 colours: a frame with no more keeps its
 * colours exactly (the software-rendered env frames have a few dozen); one with more loses low bits of
 * each channel, one more bit at a time, until it has at most 256.
 */
public final class AnimatedGif {
    private AnimatedGif() {}

    private static final int MAX_COLOURS = 256;
    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    /**
     * Writes {@code frames} (all of one size) to {@code file} atomically ({@link AtomicFile}), creating its folder.
     *
     * @param delayCentiseconds how long each frame shows, in 1/100 s (GIF's unit), >= 1
     */
    public static void write(Path file, List<BufferedImage> frames, int delayCentiseconds) throws IOException {
        byte[] gif = encode(frames, delayCentiseconds);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFile.write(file, ch -> {
            ByteBuffer b = ByteBuffer.wrap(gif);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /** The GIF file of {@code frames}, as {@link #write} writes it. */
    public static byte[] encode(List<BufferedImage> frames, int delayCentiseconds) throws IOException {
        if (frames.isEmpty() || delayCentiseconds < 1 || delayCentiseconds > 0xFFFF) {
            throw new IllegalArgumentException("AnimatedGif: needs >= 1 frame and a delay in [1, 65535] centiseconds,"
                    + " got " + frames.size() + " frames, delay " + delayCentiseconds);
        }
        int w = frames.get(0).getWidth();
        int h = frames.get(0).getHeight();
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("this JDK has no GIF image writer (javax.imageio)");
        }
        ImageWriter writer = writers.next();
        var bytes = new ByteArrayOutputStream();
        try (var out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int f = 0; f < frames.size(); f++) {
                BufferedImage frame = frames.get(f);
                if (frame.getWidth() != w || frame.getHeight() != h) {
                    throw new IllegalArgumentException("AnimatedGif: frame " + f + " is " + frame.getWidth() + "×"
                            + frame.getHeight() + ", frame 0 is " + w + "×" + h);
                }
                BufferedImage indexed = indexed(frame);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(indexed),
                        null);
                meta.setFromTree(FORMAT, frameTree(meta, delayCentiseconds, f == 0));
                writer.writeToSequence(new IIOImage(indexed, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The frame's metadata with its delay and, on the first frame, the loop-forever extension. */
    private static IIOMetadataNode frameTree(IIOMetadata meta, int delayCentiseconds, boolean first)
            throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 (little-endian), forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        return root;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** {@code image} with a palette of its own colours (<= 256, see the class comment). */
    static BufferedImage indexed(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int dropped = 0; ; dropped++) {
            int mask = (0xFF << dropped) & 0xFF;
            int keep = mask << 16 | mask << 8 | mask;
            Map<Integer, Integer> index = new HashMap<>();
            for (int p : rgb) {
                index.putIfAbsent(p & keep, index.size());
                if (index.size() > MAX_COLOURS) {
                    break;
                }
            }
            if (index.size() > MAX_COLOURS) {
                continue;
            }
            int n = Math.max(2, index.size());
            byte[] r = new byte[n];
            byte[] g = new byte[n];
            byte[] b = new byte[n];
            index.forEach((colour, i) -> {
                r[i] = (byte) (colour >> 16);
                g[i] = (byte) (colour >> 8);
                b[i] = (byte) colour.intValue();
            });
            var model = new IndexColorModel(8, n, r, g, b);
            var out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
            WritableRaster raster = out.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.setSample(x, y, 0, index.get(rgb[y * w + x] & keep));
                }
            }
            return out;
        }
    }
}
