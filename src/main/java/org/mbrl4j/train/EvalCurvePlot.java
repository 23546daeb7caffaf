package org.mbrl4j.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.mbrl4j.io.AtomicFile;

/**
 * Draws eval curves to a PNG with java.awt in headless mode: axes with nice ticks and grid, the x
 * axis in env steps (or a clock of the run, {@link EvalClock}), the y axis in episode return. One run is drawn as a line with markers; several
 * runs (seeds) as thin lines under their mean with a ± 1 std band (population std over the runs
 * present at each step). Several groups (experiments) are drawn so in one {@link #PALETTE} colour each,
 * with a legend {@code NAME (n=runs)} in the emptiest corner of the plot. The file is replaced atomically.
 */
public final class EvalCurvePlot {
    private EvalCurvePlot() {}

    public static final int DEFAULT_WIDTH = 800;
    public static final int DEFAULT_HEIGHT = 500;
    public static final int MIN_SIZE = 200;
    private static final int LEFT = 84;
    private static final int RIGHT = 28;
    private static final int TOP = 44;
    private static final int BOTTOM = 58;
    private static final int TARGET_TICKS = 6;
    private static final int MAX_MARKED_POINTS = 40;
    static final int BAND_ALPHA = 60;
    private static final int RUN_ALPHA = 90;
    static final Color GRID = new Color(225, 225, 225);

    /**
     * Group colours, colour-blind safe: the Okabe–Ito palette (Okabe &amp; Ito, "Color Universal Design",
     * 2008) without its yellow (too light on white) and black (the axes), with its blue swapped for
     * matplotlib's tab10 blue (31, 119, 180), the hue single-experiment plots have always used.
     */
    static final Color[] PALETTE = {
        new Color(31, 119, 180), // blue (tab10)
        new Color(230, 159, 0), // orange
        new Color(0, 158, 115), // bluish green
        new Color(213, 94, 0), // vermillion
        new Color(204, 121, 167), // reddish purple
        new Color(86, 180, 233), // sky blue
    };

    /** The most groups one plot can tell apart: one per {@link #PALETTE} colour. */
    public static final int MAX_GROUPS = PALETTE.length;

    /** Renders {@code runs} (one experiment) and writes the PNG atomically. */
    public static void write(Path png, List<EvalCurves.Series> runs, String title, int width, int height)
            throws IOException {
        writeGroups(png, List.of(new EvalCurves.Group("runs", runs)), title, width, height);
    }

    /** Renders {@code groups}, one colour each, and writes the PNG atomically. */
    public static void writeGroups(Path png, List<EvalCurves.Group> groups, String title, int width, int height)
            throws IOException {
        writeGroups(png, groups, title, width, height, EvalClock.STEP);
    }

    /**
     * As {@link #writeGroups(Path, List, String, int, int)} on the x axis {@code x}. On a clock axis the runs of
     * a group do not share x values, so each run is drawn as its own line in the group's colour, with no mean
     * or band.
     */
    public static void writeGroups(Path png, List<EvalCurves.Group> groups, String title, int width, int height,
            EvalClock x) throws IOException {
        BufferedImage img = renderGroups(groups, title, width, height, x);
        var bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        AtomicFile.write(png, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    static BufferedImage render(List<EvalCurves.Series> runs, String title, int width, int height) {
        return renderGroups(List.of(new EvalCurves.Group("runs", runs)), title, width, height);
    }

    static BufferedImage renderGroups(List<EvalCurves.Group> groups, String title, int width, int height) {
        return renderGroups(groups, title, width, height, EvalClock.STEP);
    }

    static BufferedImage renderGroups(List<EvalCurves.Group> groups, String title, int width, int height,
            EvalClock x) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("plot size " + width + "x" + height + " is too small: width and height"
                    + " must be >= " + MIN_SIZE);
        }
        if (groups.isEmpty() || groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException(groups.size() + " groups: a plot holds 1 to " + MAX_GROUPS
                    + " (one per palette colour)");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        boolean perRun = x != EvalClock.STEP;
        var bands = new ArrayList<EvalCurves.Band>();
        var bandColours = new ArrayList<Color>();
        for (int i = 0; i < groups.size(); i++) {
            EvalCurves.Group group = groups.get(i);
            List<List<EvalCurves.Series>> lines = perRun ? group.runs().stream().map(List::of).toList()
                    : List.of(group.runs());
            for (List<EvalCurves.Series> runs : lines) {
                EvalCurves.Band band = EvalCurves.band(runs);
                if (band.steps().length == 0) {
                    throw new IllegalArgumentException("nothing to plot" + (groups.size() == 1 ? "" : " for '"
                            + group.name() + "'") + ": the eval curves have no points");
                }
                bands.add(band);
                bandColours.add(PALETTE[i]);
            }
        }
        var img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            var frame = Frame.of(bands, groups, width, height);
            drawAxes(g, frame, title, x.axisLabel());
            // bands and thin runs of every group first, so that no band covers another group's mean
            for (int i = 0; i < groups.size() && !perRun; i++) {
                drawSpread(g, frame, bands.get(i), groups.get(i).runs(), PALETTE[i]);
            }
            for (int i = 0; i < bands.size(); i++) {
                drawMean(g, frame, bands.get(i), bandColours.get(i));
            }
            if (groups.size() > 1) {
                PlotLegend.draw(g, img, frame.left(), frame.right(), frame.top(), frame.bottom(), groups, perRun);
            } else if (groups.get(0).runs().size() > 1 && !perRun) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.setColor(Color.DARK_GRAY);
                g.drawString("mean \u00b1 std over " + groups.get(0).runs().size() + " runs", frame.left() + 8,
                        frame.top() + 4 + g.getFontMetrics().getAscent());
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The data-to-pixel mapping of the plot area, covering every group's band and runs. */
    private record Frame(NiceTicks x, NiceTicks y, int left, int right, int top, int bottom) {
        static Frame of(List<EvalCurves.Band> bands, List<EvalCurves.Group> groups, int width, int height) {
            double first = Double.POSITIVE_INFINITY;
            double last = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (EvalCurves.Band band : bands) {
                long[] s = band.steps();
                first = Math.min(first, s[0]);
                last = Math.max(last, s[s.length - 1]);
                for (int i = 0; i < s.length; i++) {
                    lo = Math.min(lo, band.mean()[i] - band.std()[i]);
                    hi = Math.max(hi, band.mean()[i] + band.std()[i]);
                }
            }
            for (EvalCurves.Group group : groups) {
                for (EvalCurves.Series r : group.runs()) {
                    for (double v : r.values()) {
                        if (!Double.isNaN(v)) {
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                }
            }
            return new Frame(NiceTicks.of(first, last, TARGET_TICKS), NiceTicks.of(lo, hi, TARGET_TICKS),
                    LEFT, width - RIGHT, TOP, height - BOTTOM);
        }

        double px(double step) {
            return left + (step - x.lo()) / (x.hi() - x.lo()) * (right - left);
        }

        double py(double value) {
            return bottom - (value - y.lo()) / (y.hi() - y.lo()) * (bottom - top);
        }
    }

    private static void drawAxes(Graphics2D g, Frame f, String title, String xLabel) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < f.x().count(); i++) {
            double v = f.x().tick(i);
            int px = (int) Math.round(f.px(v));
            g.setColor(GRID);
            g.drawLine(px, f.top(), px, f.bottom());
            g.setColor(Color.BLACK);
            g.drawLine(px, f.bottom(), px, f.bottom() + 5);
            String label = stepLabel(v);
            g.drawString(label, px - fm.stringWidth(label) / 2, f.bottom() + 8 + fm.getAscent());
        }
        for (int i = 0; i < f.y().count(); i++) {
            double v = f.y().tick(i);
            int py = (int) Math.round(f.py(v));
            g.setColor(GRID);
            g.drawLine(f.left(), py, f.right(), py);
            g.setColor(Color.BLACK);
            g.drawLine(f.left() - 5, py, f.left(), py);
            String label = valueLabel(v, f.y().spacing());
            g.drawString(label, f.left() - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(f.left(), f.top(), f.right() - f.left(), f.bottom() - f.top());
        g.drawString(xLabel, (f.left() + f.right() - fm.stringWidth(xLabel)) / 2, f.bottom() + 30 + fm.getAscent());
        String yLabel = "episode return";
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(f.top() + f.bottom() + fm.stringWidth(yLabel)) / 2, 18 + fm.getAscent());
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        FontMetrics tm = g.getFontMetrics();
        g.drawString(title, (f.left() + f.right() - tm.stringWidth(title)) / 2, f.top() - 14);
    }

    /** The ± 1 std band and each run thin, for a group of several runs. */
    private static void drawSpread(Graphics2D g, Frame f, EvalCurves.Band band, List<EvalCurves.Series> runs,
            Color colour) {
        if (runs.size() < 2) {
            return;
        }
        long[] s = band.steps();
        Path2D area = new Path2D.Double();
        for (int i = 0; i < s.length; i++) {
            double px = f.px(s[i]);
            double py = f.py(band.mean()[i] + band.std()[i]);
            if (i == 0) {
                area.moveTo(px, py);
            } else {
                area.lineTo(px, py);
            }
        }
        for (int i = s.length - 1; i >= 0; i--) {
            area.lineTo(f.px(s[i]), f.py(band.mean()[i] - band.std()[i]));
        }
        area.closePath();
        g.setColor(withAlpha(colour, BAND_ALPHA));
        g.fill(area);
        g.setColor(withAlpha(colour, RUN_ALPHA));
        g.setStroke(new BasicStroke(1f));
        for (EvalCurves.Series r : runs) {
            g.draw(line(f, r.steps(), r.values()));
        }
    }

    /** The mean line, with a marker per point when there are few. */
    private static void drawMean(Graphics2D g, Frame f, EvalCurves.Band band, Color colour) {
        long[] s = band.steps();
        g.setColor(colour);
        g.setStroke(meanStroke());
        g.draw(line(f, s, band.mean()));
        if (s.length <= MAX_MARKED_POINTS) {
            for (int i = 0; i < s.length; i++) {
                g.fill(new Ellipse2D.Double(f.px(s[i]) - 3, f.py(band.mean()[i]) - 3, 6, 6));
            }
        }
    }

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static BasicStroke meanStroke() {
        return new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private static Path2D line(Frame f, long[] steps, double[] values) {
        Path2D p = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < steps.length; i++) {
            if (Double.isNaN(values[i])) {
                pen = false;
                continue;
            }
            double px = f.px(steps[i]);
            double py = f.py(values[i]);
            if (pen) {
                p.lineTo(px, py);
            } else {
                p.moveTo(px, py);
                pen = true;
            }
        }
        return p;
    }

    /** 0, 500, 2.5k, 100k, 1.5M. */
    static String stepLabel(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    /** A tick value with as many decimals as the spacing needs. */
    static String valueLabel(double v, double spacing) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(spacing) - 1e-9));
        double snapped = Math.abs(v) < spacing * 1e-6 ? 0 : v; // no "-0" from rounding
        return String.format(Locale.ROOT, "%." + decimals + "f", snapped);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
