package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.env.render.FramePng;
import org.mbrl4j.train.PlanetResumeTest;

/**
 * {@code mbrl eval CKPT figure=true} on a tiny PlaNet run (pendulum from pixels): the open-loop figure of
 * evaluation episode 1 as {@code figures/openloop_<env_step>_<checkpoint>.png}, three labelled rows, the
 * same picture the trainer drew at that step and never written over it; and the errors that name the key.
 */
class EvalFigureCliTest {
    @TempDir
    static Path work;

    private static Path run;

    @BeforeAll
    static void trainTinyPlanet() {
        var args = new ArrayList<>(List.of("train"));
        args.addAll(PlanetResumeTest.tiny());
        args.addAll(List.of("steps=100", "seed_steps=50", "eval_freq=100", "eval_episodes=1", "log_every=50",
                "work_dir=" + work));
        var r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err() + r.out());
        run = work.resolve("pendulum/default/seed1");
    }

    @Test
    void figureTrueWritesThePlanetFigureBesideTheTrainingRunsOwn() throws Exception {
        Path own = run.resolve("figures/openloop_400.png");
        assertTrue(Files.exists(own), "the trainer's figure at env step 400");
        byte[] ownBytes = Files.readAllBytes(own);

        var e = CliHarness.run("eval", run.resolve("checkpoints/final.safetensors").toString(), "episodes=1",
                "figure=true");
        assertEquals(0, e.exitCode(), e.err() + e.out());
        Path png = run.resolve("figures/openloop_400_final.png");
        assertTrue(e.out().contains("figure: " + png + " (episode 1)"), e.out());
        assertArrayEquals(ownBytes, Files.readAllBytes(own), "the training run's figure is left as it was");

        BufferedImage image = ImageIO.read(png.toFile());
        int cell = 64 * FramePng.zoomFor(64);
        int margin = 8;
        int gap = 4;
        assertEquals(2 * margin + 3 * cell + 2 * gap, image.getHeight(), "three rows: truth, posterior, open loop");
        int labelColumn = image.getWidth() - 2 * margin; // bounded below by the frames' left edge
        for (int r = 0; r < 3; r++) {
            int top = margin + r * (cell + gap);
            assertTrue(hasDarkPixel(image, margin, Math.min(labelColumn, 8 * margin), top, top + cell),
                    "row " + r + " has its label");
        }
        assertPixelsEqual(ImageIO.read(own.toFile()), image);
    }

    @Test
    void figureDirChoosesTheFolder() throws Exception {
        Path dir = work.resolve("elsewhere");
        var e = CliHarness.run("eval", run.resolve("checkpoints/final.safetensors").toString(), "episodes=1",
                "figure=true", "figure_dir=" + dir);
        assertEquals(0, e.exitCode(), e.err() + e.out());
        assertTrue(Files.exists(dir.resolve("openloop_400_final.png")), e.out());
    }

    @Test
    void figureDirWithoutFigureIsAUsageError() {
        var e = CliHarness.run("eval", run.resolve("checkpoints/final.safetensors").toString(), "figure_dir=x");
        assertEquals(Main.EXIT_USAGE, e.exitCode(), e.err() + e.out());
        assertTrue(e.err().contains("figure_dir=x without figure=true"), e.err());
    }

    @Test
    void aBadFigureValueNamesTheKey() {
        var e = CliHarness.run("eval", run.resolve("checkpoints/final.safetensors").toString(), "figure=yes");
        assertEquals(Main.EXIT_USAGE, e.exitCode(), e.err() + e.out());
        assertTrue(e.err().contains("figure=yes: must be true or false"), e.err());
    }

    private static boolean hasDarkPixel(BufferedImage image, int x0, int x1, int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xFF) < 0x60 && ((rgb >> 8) & 0xFF) < 0x60 && (rgb & 0xFF) < 0x60) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertPixelsEqual(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel (" + x + ", " + y + ")");
            }
        }
    }
}
