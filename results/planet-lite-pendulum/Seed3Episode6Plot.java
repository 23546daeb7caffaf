import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The figure of docs/planet-lite.md#diagnosis-seed-3-evaluation-episode-6, from the CSVs in
 * seed3-episode6/ (written by the test-scope tool org.mbrl4j.agent.planetlite.EpisodeDiagnosis). Left:
 * the phase plane (θ, θ̇) with every transition of seed 3's replay buffer (grey), the failed evaluation
 * episode 6 (red: it stays at θ ≈ −2.90) and the same episode planned by the same CEM over the true
 * dynamics (green: it swings up). Right: 12 steps open loop from the stuck state, θ over the step for
 * the plan the agent executes (hold, orange) and for full torque (blue), true (solid) and as the learned
 * model predicts (dashed). Run: {@code java results/planet-lite-pendulum/Seed3Episode6Plot.java DIR OUT_PNG}.
 */
public class Seed3Episode6Plot {
    static final int W = 1200;
    static final int H = 470;
    static final Color RED = new Color(214, 39, 40);
    static final Color GREEN = new Color(44, 160, 44);
    static final Color ORANGE = new Color(255, 127, 14);
    static final Color BLUE = new Color(31, 119, 180);
    static final Color GRID = new Color(225, 225, 225);

    /** A plot area in pixels and its data ranges. */
    record Axes(int x0, int y0, int w, int h, double xmin, double xmax, double ymin, double ymax) {
        double px(double x) {
            return x0 + (x - xmin) / (xmax - xmin) * w;
        }

        double py(double y) {
            return y0 + h - (y - ymin) / (ymax - ymin) * h;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java Seed3Episode6Plot.java DIR OUT_PNG");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        Axes left = new Axes(70, 40, 470, 370, -Math.PI, Math.PI, -8, 8);
        frame(g, left, "Phase plane: seed 3 replay buffer, eval episode 6", "theta (rad, 0 = upright)", "theta dot");
        List<double[]> buffer = read(dir.resolve("buffer-one-step-errors.csv"), "theta", "thetadot");
        g.setColor(new Color(170, 170, 170));
        for (double[] p : buffer) {
            g.fill(new Ellipse2D.Double(left.px(p[0]) - 1, left.py(p[1]) - 1, 2, 2));
        }
        List<double[]> truth = read(dir.resolve("true-model-cem-episode6.csv"), "theta", "thetadot");
        path(g, left, truth, GREEN, false, true);
        List<double[]> failed = read(dir.resolve("episode6-steps.csv"), "theta", "thetadot");
        path(g, left, failed, RED, false, false);
        for (double[] p : failed) {
            g.fill(new Ellipse2D.Double(left.px(p[0]) - 2, left.py(p[1]) - 2, 4, 4));
        }
        legend(g, left.x0() + 10, left.y0() + left.h() - 52, new String[] {"replay buffer (6,000 transitions)",
                "eval episode 6, learned model: -1685.3", "same start, CEM over true dynamics: -249.9"},
                new Color[] {new Color(170, 170, 170), RED, GREEN});

        Axes right = new Axes(680, 40, 470, 370, 0, 12, -2.95, -2.55);
        frame(g, right, "12 steps open loop from the stuck state (-2.900, 0.001)", "step k", "theta (rad)");
        for (String[] plan : new String[][] {{"open-loop-hold-plan.csv", "o"}, {"open-loop-full-torque-plan.csv", "b"}}) {
            Color c = plan[1].equals("o") ? ORANGE : BLUE;
            List<double[]> tr = read(dir.resolve(plan[0]), "k", "true_theta");
            List<double[]> md = read(dir.resolve(plan[0]), "k", "model_theta");
            tr.addFirst(new double[] {0, -2.9003});
            md.addFirst(new double[] {0, -2.9003});
            path(g, right, tr, c, false, true);
            path(g, right, md, c, true, true);
        }
        legend(g, right.x0() + 10, right.y0() + 15, new String[] {
                "executed plan (hold, a ~ 0.6): model -91.4, true -96.0",
                "full torque (a = 1): model -96.0, true -88.9",
                "solid: true dynamics; dashed: learned model"},
                new Color[] {ORANGE, BLUE, Color.DARK_GRAY});
        g.dispose();
        ImageIO.write(img, "png", Path.of(args[1]).toFile());
    }

    static List<double[]> read(Path csv, String xCol, String yCol) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.getFirst().split(","));
        int xi = header.indexOf(xCol);
        int yi = header.indexOf(yCol);
        if (xi < 0 || yi < 0) {
            throw new IllegalArgumentException(csv + ": no column " + xCol + " or " + yCol + " in " + header);
        }
        List<double[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            out.add(new double[] {Double.parseDouble(c[xi]), Double.parseDouble(c[yi])});
        }
        return out;
    }

    /** A polyline; wrapping points (a jump of more than π in x) break it. */
    static void path(Graphics2D g, Axes a, List<double[]> pts, Color c, boolean dashed, boolean thick) {
        g.setColor(c);
        g.setStroke(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6, 4}, 0)
                : new BasicStroke(thick ? 2f : 1.2f));
        Path2D.Double p = new Path2D.Double();
        double[] prev = null;
        for (double[] q : pts) {
            if (prev == null || Math.abs(q[0] - prev[0]) > Math.PI) {
                p.moveTo(a.px(q[0]), a.py(q[1]));
            } else {
                p.lineTo(a.px(q[0]), a.py(q[1]));
            }
            prev = q;
        }
        g.draw(p);
        g.setStroke(new BasicStroke(1f));
    }

    static void frame(Graphics2D g, Axes a, String title, String xLabel, String yLabel) {
        g.setColor(GRID);
        for (int i = 0; i <= 8; i++) {
            int x = a.x0() + i * a.w() / 8;
            int y = a.y0() + i * a.h() / 8;
            g.drawLine(x, a.y0(), x, a.y0() + a.h());
            g.drawLine(a.x0(), y, a.x0() + a.w(), y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(a.x0(), a.y0(), a.w(), a.h());
        for (int i = 0; i <= 4; i++) {
            double xv = a.xmin() + i * (a.xmax() - a.xmin()) / 4;
            double yv = a.ymin() + i * (a.ymax() - a.ymin()) / 4;
            String xs = String.format(Locale.ROOT, "%.2f", xv);
            String ys = String.format(Locale.ROOT, "%.2f", yv);
            g.drawString(xs, (int) a.px(xv) - 12, a.y0() + a.h() + 16);
            g.drawString(ys, a.x0() - 45, (int) a.py(yv) + 4);
        }
        g.setFont(g.getFont().deriveFont(Font.BOLD, 13f));
        g.drawString(title, a.x0(), a.y0() - 12);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        g.drawString(xLabel, a.x0() + a.w() / 2 - 60, a.y0() + a.h() + 34);
        var saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(a.y0() + a.h() / 2 + 30), a.x0() - 50);
        g.setTransform(saved);
    }

    static void legend(Graphics2D g, int x, int y, String[] labels, Color[] colors) {
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(x - 4, y - 12, 330, 18 * labels.length + 6);
        for (int i = 0; i < labels.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x, y + i * 18 - 8, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(labels[i], x + 20, y + i * 18 - 2);
        }
    }
}
