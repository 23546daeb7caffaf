package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.Path;
import org.mbrl4j.agent.EvalFigure;
import org.mbrl4j.agent.FrameRows;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.env.render.FramePng;

/**
 * Writes an agent's {@link EvalFigure} of an evaluation episode as a PNG ({@link FrameGridPng}), its
 * randomness drawn from the figure's own stream at agent step {@code step} ({@link TrainerStreams#figure}),
 * so the trainer at an evaluation and {@code mbrl eval} of the checkpoint of that step draw the same.
 */
public final class EvalFigurePng {
    private EvalFigurePng() {}

    /** Draws {@code figure} of {@code episode}, evaluated at agent step {@code step}, into {@code file}. */
    public static void write(Path file, EvalFigure figure, RecordedEpisode episode, long runSeed, long step)
            throws IOException {
        FrameRows rows = figure.draw(episode, TrainerStreams.figure(runSeed, step));
        FrameGridPng.write(file, rows, FramePng.zoomFor(rows.size()));
    }
}
