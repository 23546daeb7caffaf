package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.testing.TestRandom;

/** The eval-curve PNG, its ticks, the mean ± std over runs, and experiments grouped by folder. */
class PlotEvalCurveTest {
    /** Pixels of a mean line drawn over a ~600 px wide plot area: its 2.2 px stroke alone covers more. */
    private static final int LINE_PIXELS = 300;
    private static final long LAST_STEP = 20_000;

    @TempDir
    Path dir;

    private final TestRandom rnd = new TestRandom();

    @Test
    void oneRunIsAValidPngOfTheRequestedSizeWithTheCurveDrawn() throws Exception {
        Path csv = dir.resolve("eval.csv");
        Files.writeString(csv, "step,episode_reward\n0,-1200\n2000,-800\n4000,-300\n6000,-150\n");
        Path png = dir.resolve("eval.png");
        EvalCurvePlot.write(png, List.of(EvalCurves.read(csv)), "pendulum", 640, 400);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        assertTrue(countColor(img, 31, 119, 180) > 100, "the curve's colour is on the image");
        assertTrue(countColor(img, 0, 0, 0) > 300, "axes, ticks and labels in black");
        assertEquals(0xFFFFFF, img.getRGB(2, 2) & 0xFFFFFF, "white background");
    }

    @Test
    void severalRunsGetAMeanAndABand() throws Exception {
        var a = new EvalCurves.Series("a", new long[] {0, 100, 200}, new double[] {1, 2, 3});
        var b = new EvalCurves.Series("b", new long[] {0, 100, 300}, new double[] {3, 4, 9});
        var band = EvalCurves.band(List.of(a, b));
        assertArrayEquals(new long[] {0, 100, 200, 300}, band.steps());
        assertArrayEquals(new double[] {2, 3, 3, 9}, band.mean());
        assertArrayEquals(new double[] {1, 1, 0, 0}, band.std());
        assertArrayEquals(new int[] {2, 2, 1, 1}, band.count());
        BufferedImage one = EvalCurvePlot.render(List.of(a), "t", 400, 300);
        BufferedImage two = EvalCurvePlot.render(List.of(a, b), "t", 400, 300);
        assertTrue(countTranslucentBlue(two) > countTranslucentBlue(one) + 200, "the band is filled");
        assertNotEquals(countColor(one, 31, 119, 180), countColor(two, 31, 119, 180));
    }

    @Test
    void badInputsAreNamed() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "step,reward\n0,1\n");
        var e = assertThrows(java.io.IOException.class, () -> EvalCurves.read(bad));
        assertTrue(e.getMessage().contains("lacks the columns 'step' and 'episode_reward'"), e.getMessage());
        Files.writeString(bad, "step,episode_reward\n0,abc\n");
        e = assertThrows(java.io.IOException.class, () -> EvalCurves.read(bad));
        assertEquals(bad + " line 2: '0,abc' is not numeric", e.getMessage());
        var tiny = assertThrows(IllegalArgumentException.class, () -> EvalCurvePlot.render(
                List.of(new EvalCurves.Series("a", new long[] {0}, new double[] {1})), "t", 100, 300));
        assertTrue(tiny.getMessage().contains("must be >= 200"), tiny.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> EvalCurvePlot.render(
                List.of(new EvalCurves.Series("a", new long[0], new double[0])), "t", 400, 300));
        assertTrue(empty.getMessage().contains("no points"), empty.getMessage());
    }

    @Test
    void ticksAreNiceAndCoverTheData() {
        var t = NiceTicks.of(-1234, 17, 6);
        assertEquals(-1400, t.lo(), 1e-9);
        assertEquals(200, t.hi(), 1e-9);
        assertEquals(200, t.spacing(), 1e-9);
        assertEquals(9, t.count());
        var flat = NiceTicks.of(5, 5, 6);
        assertTrue(flat.lo() < 5 && flat.hi() > 5, "a single value gets a range around it");
        assertEquals("0", EvalCurvePlot.stepLabel(0));
        assertEquals("500", EvalCurvePlot.stepLabel(500));
        assertEquals("2.5k", EvalCurvePlot.stepLabel(2500));
        assertEquals("1.5M", EvalCurvePlot.stepLabel(1_500_000));
        assertEquals("-0.25", EvalCurvePlot.valueLabel(-0.25, 0.05));
        assertEquals("0", EvalCurvePlot.valueLabel(-1e-12, 200));
    }

    @Test
    void seedFoldersAreGroupedByTheExperimentAboveThem() throws Exception {
        var csvs = new ArrayList<Path>();
        for (String exp : List.of("baseline", "multi_gamma")) {
            for (int seed = 1; seed <= 3; seed++) {
                csvs.add(randomCsv("runs/pendulum/" + exp + "/seed" + seed));
            }
        }
        Collections.shuffle(csvs, new java.util.Random(rnd.nextLong()));
        Map<String, List<Path>> groups = EvalCurves.byExperiment(csvs);
        String why = "seed " + rnd.seed() + ", order " + csvs;
        assertEquals(csvs.get(0).getParent().getParent().getFileName().toString(), groups.keySet().iterator().next(),
                "groups in order of first appearance, " + why);
        assertEquals(java.util.Set.of("baseline", "multi_gamma"), groups.keySet(), why);
        for (var e : groups.entrySet()) {
            assertEquals(3, e.getValue().size(), why);
            for (Path csv : e.getValue()) {
                assertTrue(csv.toString().contains("/" + e.getKey() + "/seed"), csv + " in " + e.getKey() + ", " + why);
            }
            EvalCurves.Group g = EvalCurves.readGroup(e.getKey(), e.getValue());
            assertEquals(e.getKey() + " (n=3)", g.legendLabel());
        }
        Path relative = Path.of("exp", "seed12", "eval.csv");
        assertEquals("exp", EvalCurves.experimentOf(relative), "a relative path resolves against the working directory");
    }

    @Test
    void csvsOutsideSeedFoldersAreEachTheirOwnGroup() throws Exception {
        Path a = randomCsv("sweep/horizon3");
        Path b = randomCsv("sweep/horizon5");
        Path notSeed = randomCsv("sweep/seedless/seed"); // "seed" with no number is no seed folder
        Path seeded = randomCsv("sweep/mixed/seed4");
        assertEquals(Map.of("horizon3", List.of(a), "horizon5", List.of(b), "seed", List.of(notSeed), "mixed",
                List.of(seeded)), EvalCurves.byExperiment(List.of(a, b, notSeed, seeded)));
        assertEquals(List.of("horizon5", "horizon3"), List.copyOf(EvalCurves.byExperiment(List.of(b, a)).keySet()));
        assertEquals(null, EvalCurves.experimentOf(a));

        Path clash = randomCsv("other/horizon3");
        var e = assertThrows(IllegalArgumentException.class, () -> EvalCurves.byExperiment(List.of(a, clash)));
        assertTrue(e.getMessage().contains("'" + a + "' and '" + clash + "' would both be plotted as 'horizon3'")
                && e.getMessage().contains("--group NAME=CSV"), e.getMessage());
        Path seedClash = randomCsv("other/horizon3/seed1"); // experiment 'horizon3' against a lone CSV named so
        e = assertThrows(IllegalArgumentException.class, () -> EvalCurves.byExperiment(List.of(a, seedClash)));
        assertTrue(e.getMessage().contains("would both be plotted as 'horizon3'"), e.getMessage());
    }

    @Test
    void aMissingOrEmptyCsvIsNamed() throws Exception {
        Path good = randomCsv("exp/seed1");
        Path empty = dir.resolve("exp/seed2/eval.csv");
        Files.createDirectories(empty.getParent());
        Files.writeString(empty, "step,episode_reward\n\n");
        var e = assertThrows(IOException.class, () -> EvalCurves.readGroup("exp", List.of(good, empty)));
        assertTrue(e.getMessage().startsWith(empty + ": no rows under the header"), e.getMessage());
        Path missing = dir.resolve("exp/seed3/eval.csv");
        e = assertThrows(IOException.class, () -> EvalCurves.readGroup("exp", List.of(good, missing)));
        assertEquals(missing + ": file not found", e.getMessage());
        var run = EvalCurves.read(good);
        var blank = assertThrows(IllegalArgumentException.class, () -> new EvalCurves.Group(" ", List.of(run)));
        assertTrue(blank.getMessage().contains("needs a name"), blank.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> new EvalCurves.Group("g", List.of()));
        assertTrue(none.getMessage().contains("'g' has no runs"), none.getMessage());
    }

    @Test
    void twoGroupsAreDrawnInTwoPaletteColoursAndOneGroupKeepsItsBlue() throws Exception {
        var base = EvalCurves.readGroup("baseline", List.of(randomCsv("p/baseline/seed1"), randomCsv("p/baseline/seed2"),
                randomCsv("p/baseline/seed3")));
        var multi = EvalCurves.readGroup("multi_gamma", List.of(randomCsv("p/multi_gamma/seed1"),
                randomCsv("p/multi_gamma/seed2"), randomCsv("p/multi_gamma/seed3")));
        Path png = dir.resolve("two.png");
        EvalCurvePlot.writeGroups(png, List.of(base, multi), "pendulum", 800, 500);
        BufferedImage two = ImageIO.read(png.toFile());
        String why = "seed " + rnd.seed();
        Color blue = EvalCurvePlot.PALETTE[0];
        Color orange = EvalCurvePlot.PALETTE[1];
        assertEquals(new Color(31, 119, 180), blue, "the single-experiment blue stays the first colour");
        assertTrue(countNear(two, blue) > LINE_PIXELS, "group 1 in blue: " + countNear(two, blue) + ", " + why);
        assertTrue(countNear(two, orange) > LINE_PIXELS, "group 2 in orange: " + countNear(two, orange) + ", " + why);

        BufferedImage one = EvalCurvePlot.render(base.runs(), "baseline", 800, 500);
        assertTrue(countNear(one, blue) > LINE_PIXELS, "one group in its old blue, " + why);
        assertEquals(0, countNear(one, orange), "no second colour for one group, " + why);
        assertEquals(countColor(one, 31, 119, 180), countColor(EvalCurvePlot.renderGroups(
                List.of(base), "baseline", 800, 500), 31, 119, 180), "render(runs) is the one-group render");
    }

    @Test
    void onAClockAxisTheLegendShowsNoBandSwatch() throws Exception {
        var base = EvalCurves.readGroup("baseline", List.of(randomCsv("c/baseline/seed1"), randomCsv("c/baseline/seed2")));
        var other = EvalCurves.readGroup("other", List.of(randomCsv("c/other/seed1"), randomCsv("c/other/seed2")));
        for (boolean perRun : new boolean[] {false, true}) {
            var img = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 600, 400);
            PlotLegend.draw(g, img, 0, 600, 0, 400, List.of(base, other), perRun);
            g.dispose();
            int swatch = countTranslucentBlue(img);
            if (perRun) {
                assertEquals(0, swatch, "a clock axis draws each run as a line, so no band swatch");
            } else {
                assertTrue(swatch > 100, "against env steps the band's swatch: " + swatch + " pixels");
            }
            assertTrue(countNear(img, EvalCurvePlot.PALETTE[0]) > 24, "the line swatch, perRun " + perRun);
        }
    }

    @Test
    void morePaletteGroupsThanColoursIsAnErrorNamingTheLimit() throws Exception {
        var groups = new ArrayList<EvalCurves.Group>();
        for (int i = 0; i <= EvalCurvePlot.MAX_GROUPS; i++) {
            groups.add(EvalCurves.readGroup("g" + i, List.of(randomCsv("many/g" + i + "/seed1"))));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> EvalCurvePlot.renderGroups(groups, "t", 400, 300));
        assertEquals((EvalCurvePlot.MAX_GROUPS + 1) + " groups: a plot holds 1 to " + EvalCurvePlot.MAX_GROUPS
                + " (one per palette colour)", e.getMessage());
        assertEquals(6, EvalCurvePlot.MAX_GROUPS);
        EvalCurvePlot.renderGroups(groups.subList(0, EvalCurvePlot.MAX_GROUPS), "t", 400, 300);
    }

    /**
     * {@code <folder>/eval.csv} with a fresh random curve from step 0 to {@link #LAST_STEP} (so that every
     * mean line spans the plot): 0 to 13 evals at random steps between, a random walk in return.
     */
    private Path randomCsv(String folder) throws IOException {
        Path csv = dir.resolve(folder).resolve("eval.csv");
        Files.createDirectories(csv.getParent());
        var steps = new java.util.TreeSet<>(List.of(0L, LAST_STEP));
        for (int i = rnd.nextInt(14); i > 0; i--) {
            steps.add((long) rnd.nextInt(1, (int) LAST_STEP));
        }
        var rows = new StringBuilder("step,episode_reward\n");
        double value = rnd.uniform(-1500, -1000);
        for (long step : steps) {
            rows.append(step).append(',').append(value).append('\n');
            value += rnd.uniform(-100, 300);
        }
        Files.writeString(csv, rows);
        return csv;
    }

    /** Pixels within 12 per channel of {@code c}: the mean line, its markers and the legend swatch. */
    private static int countNear(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 255) - c.getRed()) <= 12 && Math.abs(((p >> 8) & 255) - c.getGreen()) <= 12
                        && Math.abs((p & 255) - c.getBlue()) <= 12) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int countColor(BufferedImage img, int r, int g, int b) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                if (((c >> 16) & 255) == r && ((c >> 8) & 255) == g && (c & 255) == b) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Pixels of the band colour blended over white (a light blue). */
    private static int countTranslucentBlue(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                int r = (c >> 16) & 255;
                int g = (c >> 8) & 255;
                int b = c & 255;
                if (b > 230 && r < 220 && r > 180 && g > 200) {
                    n++;
                }
            }
        }
        return n;
    }
}
