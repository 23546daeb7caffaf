package org.mbrl4j.train;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mbrl4j.agent.FrameRows;
import org.mbrl4j.env.render.FramePng;
import org.mbrl4j.io.AtomicFile;

/**
 * Draws {@link FrameRows} as a PNG (the picture of an {@link org.mbrl4j.agent.EvalFigure}): one row of
 * frames per label, the label as text in a column at the left, frames enlarged by pixel repetition
 * ({@link FramePng#paint}) on a light grey ground (so that white frames keep their edges), {@value #GAP}
 * pixels apart, with a {@value #MARGIN}-pixel margin around.
 */
public final class FrameGridPng {
    private FrameGridPng() {}

    /** Pixels around the picture and between the label column and the frames. */
    static final int MARGIN = 8;
    /** Pixels between two frames of a row and between two rows. */
    static final int GAP = 4;
    /** The ground between and around the frames: light grey, 0xD9D9D9. */
    static final Color GROUND = new Color(0xD9, 0xD9, 0xD9);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /**
     * Where the frames go.
     *
     * @param labelColumn width of the label column, margins included: frame column 0 starts there
     * @param cell        a frame's side in the picture, size × zoom
     */
    public record Layout(int labelColumn, int cell, int columns, int rows) {
        /** Left edge of frame column {@code c}. */
        public int x(int c) {
            return labelColumn + c * (cell + GAP);
        }

        /** Top edge of frame row {@code r}. */
        public int y(int r) {
            return MARGIN + r * (cell + GAP);
        }

        public int width() {
            return x(columns) - GAP + MARGIN;
        }

        public int height() {
            return y(rows) - GAP + MARGIN;
        }
    }

    /** The layout of {@code rows} with frames enlarged {@code zoom} times. */
    public static Layout layout(FrameRows rows, int zoom) {
        if (zoom < 1) {
            throw new IllegalArgumentException("FrameGridPng: zoom must be >= 1, got " + zoom);
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(scratch);
        int widest = 0;
        try {
            FontMetrics fm = g.getFontMetrics();
            for (String label : rows.labels()) {
                widest = Math.max(widest, fm.stringWidth(label));
            }
        } finally {
            g.dispose();
        }
        return new Layout(MARGIN + widest + MARGIN, rows.size() * zoom, rows.rows().get(0).size(), rows.rows().size());
    }

    /** The picture of {@code rows} ({@link #layout}). */
    public static BufferedImage draw(FrameRows rows, int zoom) {
        Layout at = layout(rows, zoom);
        BufferedImage image = new BufferedImage(at.width(), at.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(image);
        try {
            g.setColor(GROUND);
            g.fillRect(0, 0, at.width(), at.height());
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            for (int r = 0; r < at.rows(); r++) {
                int baseline = at.y(r) + (at.cell() + fm.getAscent() - fm.getDescent()) / 2;
                g.drawString(rows.labels().get(r), MARGIN, baseline);
            }
        } finally {
            g.dispose();
        }
        for (int r = 0; r < at.rows(); r++) {
            for (int c = 0; c < at.columns(); c++) {
                FramePng.paint(image, at.x(c), at.y(r), rows.size(), zoom, rows.rows().get(r).get(c),
                        "frame " + c + " of row " + r + " (" + rows.labels().get(r) + ")");
            }
        }
        return image;
    }

    /** Draws {@code rows} and writes the PNG atomically, creating its folder. */
    public static void write(Path png, FrameRows rows, int zoom) throws IOException {
        BufferedImage image = draw(rows, zoom);
        var bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        AtomicFile.write(png, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    private static Graphics2D graphics(BufferedImage image) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Graphics2D g = image.createGraphics();
        g.setFont(LABEL_FONT);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }
}
