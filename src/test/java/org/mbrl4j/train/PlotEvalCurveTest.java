package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval-curve PNG, its ticks, and the mean ± std over runs. */
class PlotEvalCurveTest {
    @TempDir
    Path dir;

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
