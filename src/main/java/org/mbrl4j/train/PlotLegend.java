package org.mbrl4j.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** The legend of a plot with several experiments ({@link EvalCurvePlot}), placed where it hides the least. */
final class PlotLegend {
    private PlotLegend() {}

    /**
     * A box with one line per group, a swatch of its band and mean then {@code NAME (n=runs)}, in the
     * corner of the plot area that covers the fewest drawn pixels. With {@code perRun} (a clock axis: each run
     * its own line, no band drawn) the swatch is the line alone and the note on bands is left out.
     */
    static void draw(Graphics2D g, BufferedImage img, int left, int right, int top, int bottom,
            List<EvalCurves.Group> groups, boolean perRun) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int pad = 8;
        int swatch = 24;
        int gap = 6;
        int rowHeight = fm.getHeight() + 2;
        boolean spread = !perRun && groups.stream().anyMatch(gr -> gr.runs().size() > 1);
        String note = "line: mean, band: \u00b1 1 std, thin: runs";
        int textWidth = spread ? fm.stringWidth(note) - swatch - gap : 0;
        for (EvalCurves.Group group : groups) {
            textWidth = Math.max(textWidth, fm.stringWidth(group.legendLabel()));
        }
        int w = pad + swatch + gap + textWidth + pad;
        int h = pad + rowHeight * (groups.size() + (spread ? 1 : 0)) + pad - 2;
        int[] at = emptiestCorner(img, left, right, top, bottom, w, h);
        int x = at[0];
        int y = at[1];
        g.setColor(new Color(255, 255, 255, 235));
        g.fillRect(x, y, w, h);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, w, h);
        for (int i = 0; i < groups.size(); i++) {
            int mid = y + pad + rowHeight * i + rowHeight / 2;
            if (!perRun) {
                g.setColor(EvalCurvePlot.withAlpha(EvalCurvePlot.PALETTE[i], EvalCurvePlot.BAND_ALPHA));
                g.fillRect(x + pad, mid - 5, swatch, 10);
            }
            g.setColor(EvalCurvePlot.PALETTE[i]);
            g.setStroke(EvalCurvePlot.meanStroke());
            g.drawLine(x + pad, mid, x + pad + swatch, mid);
            g.setColor(Color.BLACK);
            g.drawString(groups.get(i).legendLabel(), x + pad + swatch + gap, mid + fm.getAscent() / 2 - 1);
        }
        if (spread) {
            g.setColor(Color.DARK_GRAY);
            int mid = y + pad + rowHeight * groups.size() + rowHeight / 2;
            g.drawString(note, x + pad, mid + fm.getAscent() / 2 - 1);
        }
    }

    /** The top-left corner of a w × h box inside the plot area, at the corner with the fewest non-background pixels. */
    private static int[] emptiestCorner(BufferedImage img, int left, int right, int top, int bottom, int w, int h) {
        int margin = 8;
        int[][] corners = {
            {left + margin, top + margin}, {right - margin - w, top + margin},
            {right - margin - w, bottom - margin - h}, {left + margin, bottom - margin - h}};
        int[] best = corners[0];
        long fewest = Long.MAX_VALUE;
        for (int[] c : corners) {
            long drawn = 0;
            for (int y = Math.max(0, c[1]); y <= Math.min(img.getHeight() - 1, c[1] + h); y++) {
                for (int x = Math.max(0, c[0]); x <= Math.min(img.getWidth() - 1, c[0] + w); x++) {
                    int rgb = img.getRGB(x, y) & 0xFFFFFF;
                    drawn += rgb == 0xFFFFFF || rgb == (EvalCurvePlot.GRID.getRGB() & 0xFFFFFF) ? 0 : 1;
                }
            }
            if (drawn < fewest) {
                fewest = drawn;
                best = c;
            }
        }
        return best;
    }
}
