package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mbrl plot OUT.png CSV...}. */
class PlotCommandTest {
    @TempDir
    Path dir;

    @Test
    void overlaysSeedsIntoAPngOfTheRequestedSize() throws Exception {
        Path a = csv("exp/seed1", "0,-1200\n1000,-600\n2000,-200\n");
        Path b = csv("exp/seed2", "0,-1100\n1000,-500\n2000,-250\n");
        Path png = dir.resolve("curves.png");
        var r = CliHarness.run("plot", png.toString(), a.toString(), b.toString(), "--width", "300", "--height", "250");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("wrote " + png + " (300x250): 2 runs, 6 points", r.out().strip());
        var img = ImageIO.read(png.toFile());
        assertEquals(300, img.getWidth());
        assertEquals(250, img.getHeight());
    }

    @Test
    void badArgumentsExitWith2() throws Exception {
        Path a = csv("exp/seed1", "0,-1200\n");
        var txt = CliHarness.run("plot", dir.resolve("out.txt").toString(), a.toString());
        assertEquals(Main.EXIT_USAGE, txt.exitCode());
        assertTrue(txt.err().contains("the output must be a .png file"), txt.err());
        var missing = CliHarness.run("plot", dir.resolve("o.png").toString(), dir.resolve("none.csv").toString());
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("none.csv: file not found"), missing.err());
        var small = CliHarness.run("plot", dir.resolve("o.png").toString(), a.toString(), "--width", "50");
        assertEquals(Main.EXIT_USAGE, small.exitCode());
        assertTrue(small.err().contains("both must be >= 200"), small.err());
        var noCsv = CliHarness.run("plot", dir.resolve("o.png").toString());
        assertEquals(Main.EXIT_USAGE, noCsv.exitCode());
    }

    private Path csv(String folder, String rows) throws Exception {
        Path f = dir.resolve(folder);
        Files.createDirectories(f);
        Path csv = f.resolve("eval.csv");
        Files.writeString(csv, "step,episode_reward\n" + rows);
        return csv;
    }
}
