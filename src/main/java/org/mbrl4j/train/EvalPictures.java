package org.mbrl4j.train;

import java.io.IOException;
import java.util.Optional;
import org.mbrl4j.agent.EvalFigure;
import org.mbrl4j.agent.RecordedEpisode;

/**
 * What the trainer draws of evaluation episode 0 at each evaluation: the agent's
 * {@link EvalFigure} as {@code figures/<stem>_<env_step>.png} ({@link EvalFigurePng}), drawn from its own
 * stream ({@link TrainerStreams#figure}, a pure function of the run seed and the step, so no stream of
 * training or evaluation moves), and with eval_video the episode's GIF {@code videos/eval_<env_step>.gif}
 * ({@link EpisodeVideo}).
 */
final class EvalPictures {
    private final RunDirectory dir;
    private final long runSeed;
    private final Optional<EvalFigure> figure;
    private final Optional<EpisodeVideo> video;

    EvalPictures(RunDirectory dir, long runSeed, Optional<EvalFigure> figure, Optional<EpisodeVideo> video) {
        this.dir = dir;
        this.runSeed = runSeed;
        this.figure = figure;
        this.video = video;
    }

    /** Whether an evaluation must record its episode 0 for these pictures. */
    boolean wanted() {
        return figure.isPresent() || video.isPresent();
    }

    /** The pictures of {@code episode}, evaluation episode 0 at agent step {@code step}. */
    void write(RecordedEpisode episode, long step, long envStep) throws IOException {
        if (figure.isPresent()) {
            EvalFigurePng.write(dir.figure(figure.get().stem(), envStep), figure.get(), episode, runSeed, step);
        }
        if (video.isPresent()) {
            video.get().write(dir.evalVideo(envStep), episode);
        }
    }
}
