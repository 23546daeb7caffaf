package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.EvalFigure;
import org.mbrl4j.agent.FrameRows;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.render.FramePng;
import org.mbrl4j.env.render.PendulumRenderer;
import org.mbrl4j.rng.Rng;

/**
 * The evaluation figure: {@link FrameRows} drawn as a labelled grid of the expected size, each frame's
 * pixels enlarged where the layout puts them, the labels drawn in the column at the left; and the
 * trainer's {@link EvalPictures} writes figures/&lt;stem&gt;_&lt;env_step&gt;.png drawn from the figure
 * stream of the step, the same picture every time.
 */
class FrameGridPngTest {
    @TempDir
    Path work;

    /** Two rows from an episode of Pendulum states: the true frames, and random noise frames from the rng. */
    static final class TruthAndNoise implements EvalFigure {
        static final int SIZE = 8;
        static final int FRAMES = 3;

        @Override
        public String stem() {
            return "truth_noise";
        }

        @Override
        public FrameRows draw(RecordedEpisode episode, Rng rng) {
            var renderer = new PendulumRenderer(SIZE);
            List<byte[]> truth = new ArrayList<>();
            List<byte[]> noise = new ArrayList<>();
            for (int t = 0; t < FRAMES; t++) {
                truth.add(renderer.render(((Observation.F32) episode.observations().get(t)).values()));
                byte[] n = new byte[3 * SIZE * SIZE];
                for (int i = 0; i < n.length; i++) {
                    n[i] = (byte) (rng.uniform() * 256);
                }
                noise.add(n);
            }
            return new FrameRows(SIZE, List.of("truth", "open loop"), List.of(truth, noise));
        }
    }

    static RecordedEpisode pendulumEpisode() {
        List<Observation> obs = new ArrayList<>();
        for (int t = 0; t <= TruthAndNoise.FRAMES; t++) {
            double theta = 0.7 * t;
            obs.add(new Observation.F32(new float[] {(float) Math.cos(theta), (float) Math.sin(theta), 0.7f}));
        }
        List<float[]> actions = new ArrayList<>();
        for (int t = 0; t < TruthAndNoise.FRAMES; t++) {
            actions.add(new float[] {0.1f * t});
        }
        return new RecordedEpisode(obs, actions, new float[TruthAndNoise.FRAMES]);
    }

    @Test
    void framesLandWhereTheLayoutPutsThemAndTheLabelsAreDrawnAtTheLeft() throws Exception {
        FrameRows rows = new TruthAndNoise().draw(pendulumEpisode(), new Rng(1, 2));
        int zoom = FramePng.zoomFor(rows.size());
        assertEquals(12, zoom, "an 8-pixel frame is shown 96 pixels wide");
        Path png = work.resolve("figure.png");
        FrameGridPng.write(png, rows, zoom);
        BufferedImage image = ImageIO.read(png.toFile());
        FrameGridPng.Layout at = FrameGridPng.layout(rows, zoom);
        int cell = 8 * zoom;
        assertEquals(FrameGridPng.MARGIN + 2 * cell + FrameGridPng.GAP + FrameGridPng.MARGIN, image.getHeight());
        assertEquals(at.labelColumn() + 3 * cell + 2 * FrameGridPng.GAP + FrameGridPng.MARGIN, image.getWidth());
        assertTrue(at.labelColumn() > 2 * FrameGridPng.MARGIN + 20, "room for 'open loop': " + at.labelColumn());
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                byte[] frame = rows.rows().get(r).get(c);
                for (int y = 0; y < cell; y++) {
                    for (int x = 0; x < cell; x++) {
                        int p = (y / zoom) * 8 + x / zoom;
                        int expected = Byte.toUnsignedInt(frame[p]) << 16 | Byte.toUnsignedInt(frame[64 + p]) << 8
                                | Byte.toUnsignedInt(frame[128 + p]);
                        assertEquals(expected, image.getRGB(at.x(c) + x, at.y(r) + y) & 0xFFFFFF,
                                "row " + r + ", frame " + c + ", pixel (" + x + ", " + y + ")");
                    }
                }
            }
            assertTrue(darkPixels(image, FrameGridPng.MARGIN, at.labelColumn() - FrameGridPng.MARGIN, at.y(r),
                    at.y(r) + cell) > 20, "row " + r + "'s label is drawn");
        }
        assertEquals(FrameGridPng.GROUND.getRGB() & 0xFFFFFF, image.getRGB(at.x(1) - 1, at.y(0)) & 0xFFFFFF,
                "the ground between two frames");
    }

    @Test
    void theTrainerWritesTheFigureOfTheStepFromItsOwnStream() throws Exception {
        var dir = new RunDirectory(work.resolve("run"));
        var pictures = new EvalPictures(dir, 5, Optional.of(new TruthAndNoise()), Optional.empty());
        assertTrue(pictures.wanted());
        assertFalse(new EvalPictures(dir, 5, Optional.empty(), Optional.empty()).wanted());
        pictures.write(pendulumEpisode(), 10, 20);
        Path figure = work.resolve("run/figures/truth_noise_20.png");
        byte[] first = Files.readAllBytes(figure);
        pictures.write(pendulumEpisode(), 10, 20);
        assertArrayEquals(first, Files.readAllBytes(figure), "a pure function of (seed, step)");
        FrameRows expected = new TruthAndNoise().draw(pendulumEpisode(), TrainerStreams.figure(5, 10));
        FrameGridPng.write(work.resolve("expected.png"), expected, FramePng.zoomFor(expected.size()));
        assertArrayEquals(Files.readAllBytes(work.resolve("expected.png")), first);
        pictures.write(pendulumEpisode(), 11, 22);
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(work.resolve("run/figures/truth_noise_22.png"))),
                "another step draws other noise");
        assertNotEquals(TrainerStreams.figure(5, 10).uniform(), new Rng(5, TrainerStreams.SNAPSHOTS, 10L << 32).uniform());
    }

    private static int darkPixels(BufferedImage image, int x0, int x1, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    n++;
                }
            }
        }
        return n;
    }
}
