import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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
 * The Pendulum notebook's two plots for one PlaNet-lite run, from its train.csv (log_every = 100, one row
 * per iteration): left, the return of the training episode that ended in each iteration (iterations
 * without one are left out, as the notebook's NaN filter does) with its 10-iteration moving average;
 * right, the mean model loss of each iteration's updates on a log scale with its 10-iteration moving
 * average. Run with the JDK's source launcher:
 *
 * <pre>java results/planet-lite-pendulum/NotebookPlots.java TRAIN_CSV OUT_PNG TITLE [SEED_STEPS ITERATION_STEPS EPISODE]</pre>
 *
 * (defaults 1000, 100, 200: the notebook's budget on Pendulum-v1).
 */
public class NotebookPlots {
    static final int W = 1200;
    static final int H = 420;
    static final Color BLUE = new Color(31, 119, 180);
    static final Color ORANGE = new Color(255, 127, 14);
    static final Color GRID = new Color(225, 225, 225);

    record Series(double[] x, double[] y) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 6) {
            System.err.println("usage: java NotebookPlots.java TRAIN_CSV OUT_PNG TITLE [SEED_STEPS ITERATION_STEPS EPISODE]");
            System.exit(2);
        }
        long seedSteps = args.length == 6 ? Long.parseLong(args[3]) : 1000;
        long iterSteps = args.length == 6 ? Long.parseLong(args[4]) : 100;
        long episode = args.length == 6 ? Long.parseLong(args[5]) : 200;
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = Arrays.asList(lines.getFirst().split(","));
        int stepCol = header.indexOf("step");
        int lossCol = header.indexOf("model_loss");
        int rewardCol = header.indexOf("episode_reward");
        List<Double> rx = new ArrayList<>();
        List<Double> ry = new ArrayList<>();
        List<Double> lx = new ArrayList<>();
        List<Double> ly = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            long step = Long.parseLong(c[stepCol]);
            if (step <= seedSteps || (step - seedSteps) % iterSteps != 0 || c[lossCol].isEmpty()) {
                continue; // the final row after the last iteration, or a row outside the iteration grid
            }
            long iteration = (step - seedSteps) / iterSteps;
            lx.add((double) iteration);
            ly.add(Double.parseDouble(c[lossCol]));
            long first = step - iterSteps + 1;
            // an episode ended in this iteration: some e in [first, step] with (e + 1) % episode == 0
            if (Math.floorDiv(step + 1, episode) > Math.floorDiv(first, episode)) {
                rx.add((double) iteration);
                ry.add(Double.parseDouble(c[rewardCol]));
            }
        }
        Series rewards = new Series(toArray(rx), toArray(ry));
        Series losses = new Series(toArray(lx), toArray(ly));
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(args[2], (W - fm.stringWidth(args[2])) / 2, 22);
        panel(g, 0, "Avg Episode Reward / Iteration", "Avg Reward", rewards, false);
        panel(g, W / 2, "Avg Model Loss / Iteration", "Avg MSE Loss (State+Reward)", losses, true);
        g.dispose();
        ImageIO.write(img, "png", Path.of(args[1]).toFile());
    }

    static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** np.convolve(y, ones(10)/10, 'valid') drawn at x[9:]. */
    static Series movingAverage(Series s, int window) {
        int n = s.y().length - window + 1;
        if (n < 1) {
            return null;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < window; j++) {
                sum += s.y()[i + j];
            }
            x[i] = s.x()[i + window - 1];
            y[i] = sum / window;
        }
        return new Series(x, y);
    }

    static void panel(Graphics2D g, int x0, String title, String yLabel, Series s, boolean log) {
        int left = x0 + 90;
        int right = x0 + W / 2 - 20;
        int top = 50;
        int bottom = H - 60;
        double xMin = 0;
        double xMax = 50;
        for (double v : s.x()) {
            xMax = Math.max(xMax, v);
        }
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (double v : s.y()) {
            double t = log ? Math.log10(v) : v;
            yMin = Math.min(yMin, t);
            yMax = Math.max(yMax, t);
        }
        if (!(yMax > yMin)) {
            yMin -= 1;
            yMax += 1;
        }
        if (log) {
            yMin = Math.floor(yMin);
            yMax = Math.ceil(yMax);
        } else {
            double pad = 0.05 * (yMax - yMin);
            yMin -= pad;
            yMax += pad;
        }
        final double ya = yMin;
        final double yb = yMax;
        final double xb = xMax;
        java.util.function.DoubleUnaryOperator px = v -> left + (v - xMin) / (xb - xMin) * (right - left);
        java.util.function.DoubleUnaryOperator py = v -> bottom - ((log ? Math.log10(v) : v) - ya) / (yb - ya)
                * (bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        // grid and ticks
        for (double t = 0; t <= xMax + 1e-9; t += 10) {
            int x = (int) px.applyAsDouble(t);
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.BLACK);
            String label = Integer.toString((int) t);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 16);
        }
        if (log) {
            for (int e = (int) yMin; e <= (int) yMax; e++) {
                int y = (int) py.applyAsDouble(Math.pow(10, e));
                g.setColor(GRID);
                g.drawLine(left, y, right, y);
                g.setColor(Color.BLACK);
                String label = "1e" + e;
                g.drawString(label, left - 8 - fm.stringWidth(label), y + 4);
            }
        } else {
            double step = niceStep((yMax - yMin) / 6);
            for (double t = Math.ceil(yMin / step) * step; t <= yMax; t += step) {
                int y = (int) py.applyAsDouble(t);
                g.setColor(GRID);
                g.drawLine(left, y, right, y);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, "%.0f", t);
                g.drawString(label, left - 8 - fm.stringWidth(label), y + 4);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        fm = g.getFontMetrics();
        g.drawString(title, (left + right - fm.stringWidth(title)) / 2, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        g.drawString("Iteration", (left + right - fm.stringWidth("Iteration")) / 2, bottom + 36);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, x0 + 22);
        r.dispose();
        line(g, s, px, py, BLUE, 1.6f);
        Series ma = movingAverage(s, 10);
        if (ma != null) {
            line(g, ma, px, py, ORANGE, 2.2f);
            g.setColor(Color.WHITE);
            g.fillRect(right - 120, top + 10, 110, 24);
            g.setColor(Color.GRAY);
            g.drawRect(right - 120, top + 10, 110, 24);
            g.setColor(ORANGE);
            g.setStroke(new BasicStroke(2.2f));
            g.drawLine(right - 112, top + 22, right - 90, top + 22);
            g.setColor(Color.BLACK);
            g.drawString("10-iter MA", right - 84, top + 26);
        }
    }

    static void line(Graphics2D g, Series s, java.util.function.DoubleUnaryOperator px,
            java.util.function.DoubleUnaryOperator py, Color c, float width) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < s.x().length; i++) {
            double x = px.applyAsDouble(s.x()[i]);
            double y = py.applyAsDouble(s.y()[i]);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        g.setColor(c);
        g.setStroke(new BasicStroke(width));
        g.draw(path);
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
