package org.mbrl4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Animated GIF files through the JDK's own GIF writer ({@code javax.imageio}): every frame shown for
 * the same delay, looping forever (the NETSCAPE2.0 application extension with loop count 0), small
 * enough to commit:
 * <ul>
 *   <li>one global colour table for the whole file ({@link GifPalette}): the frames' own colours,
 *       exactly, when all of them together have at most 256; otherwise a fixed 6×6×6 colour cube plus
 *       40 greys with ordered dithering (deterministic, and a still pixel keeps its index);
 *   <li>frame differencing: after the first frame, each frame stores only the smallest rectangle that
 *       holds every pixel whose index changed, drawn over the previous frame (disposal "do not
 *       dispose"); a frame with no change stores one unchanged pixel.
 * </ul>
 */
public final class AnimatedGif {
    private AnimatedGif() {}

    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";

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
        int[][] rgb = new int[frames.size()][];
        for (int f = 0; f < frames.size(); f++) {
            BufferedImage frame = frames.get(f);
            if (frame.getWidth() != w || frame.getHeight() != h) {
                throw new IllegalArgumentException("AnimatedGif: frame " + f + " is " + frame.getWidth() + "×"
                        + frame.getHeight() + ", frame 0 is " + w + "×" + h);
            }
            rgb[f] = frame.getRGB(0, 0, w, h, null, 0, w);
        }
        GifPalette palette = GifPalette.of(rgb);
        IndexColorModel colours = palette.colourModel();
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("this JDK has no GIF image writer (javax.imageio)");
        }
        ImageWriter writer = writers.next();
        var bytes = new ByteArrayOutputStream();
        try (var out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            IIOMetadata stream = writer.getDefaultStreamMetadata(null);
            stream.setFromTree(STREAM_FORMAT, streamTree(w, h, colours));
            writer.prepareWriteSequence(stream);
            byte[] previous = null;
            for (int f = 0; f < rgb.length; f++) {
                byte[] indices = palette.indices(rgb[f], w);
                Rect r = previous == null ? new Rect(0, 0, w, h) : Rect.changed(previous, indices, w, h);
                BufferedImage part = indexedImage(indices, w, r, colours);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(part), null);
                meta.setFromTree(IMAGE_FORMAT, frameTree(meta, r, delayCentiseconds, f == 0));
                writer.writeToSequence(new IIOImage(part, null, meta), null);
                previous = indices;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A rectangle of the frame: left, top, width, height. */
    private record Rect(int x, int y, int w, int h) {
        /** The bounding box of the pixels that differ, or the top-left pixel when none does. */
        static Rect changed(byte[] before, byte[] after, int width, int height) {
            int x0 = width;
            int y0 = height;
            int x1 = -1;
            int y1 = -1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (before[y * width + x] != after[y * width + x]) {
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y);
                    }
                }
            }
            return x1 < 0 ? new Rect(0, 0, 1, 1) : new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        }
    }

    private static BufferedImage indexedImage(byte[] indices, int width, Rect r, IndexColorModel colours) {
        var image = new BufferedImage(r.w(), r.h(), BufferedImage.TYPE_BYTE_INDEXED, colours);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < r.h(); y++) {
            for (int x = 0; x < r.w(); x++) {
                raster.setSample(x, y, 0, indices[(r.y() + y) * width + r.x() + x] & 0xFF);
            }
        }
        return image;
    }

    /** The stream metadata: the logical screen and the global colour table. */
    private static IIOMetadataNode streamTree(int width, int height, IndexColorModel colours) {
        IIOMetadataNode root = new IIOMetadataNode(STREAM_FORMAT);
        IIOMetadataNode version = new IIOMetadataNode("Version");
        version.setAttribute("value", "89a");
        root.appendChild(version);
        IIOMetadataNode screen = new IIOMetadataNode("LogicalScreenDescriptor");
        screen.setAttribute("logicalScreenWidth", Integer.toString(width));
        screen.setAttribute("logicalScreenHeight", Integer.toString(height));
        screen.setAttribute("colorResolution", "8");
        screen.setAttribute("pixelAspectRatio", "0");
        root.appendChild(screen);
        IIOMetadataNode table = new IIOMetadataNode("GlobalColorTable");
        table.setAttribute("sizeOfGlobalColorTable", Integer.toString(colours.getMapSize()));
        table.setAttribute("backgroundColorIndex", "0");
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < colours.getMapSize(); i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString(colours.getRed(i)));
            entry.setAttribute("green", Integer.toString(colours.getGreen(i)));
            entry.setAttribute("blue", Integer.toString(colours.getBlue(i)));
            table.appendChild(entry);
        }
        root.appendChild(table);
        return root;
    }

    /**
     * The frame's metadata: its rectangle, no local colour table (the global one applies), its delay,
     * drawn over the previous frame, and on the first frame the loop-forever extension.
     */
    private static IIOMetadataNode frameTree(IIOMetadata meta, Rect r, int delayCentiseconds, boolean first)
            throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(IMAGE_FORMAT);
        for (int i = root.getLength() - 1; i >= 0; i--) {
            if (root.item(i).getNodeName().equals("LocalColorTable")) {
                root.removeChild(root.item(i));
            }
        }
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(r.x()));
        descriptor.setAttribute("imageTopPosition", Integer.toString(r.y()));
        descriptor.setAttribute("imageWidth", Integer.toString(r.w()));
        descriptor.setAttribute("imageHeight", Integer.toString(r.h()));
        descriptor.setAttribute("interlaceFlag", "FALSE");
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "doNotDispose");
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
}
