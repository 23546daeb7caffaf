package org.mbrl4j.agent;

import org.mbrl4j.rng.Rng;

/**
 * A picture an agent draws at every evaluation from one recorded evaluation episode, which it never
 * trained on (PlaNet: true frames, posterior reconstructions and open-loop prior predictions, the
 * open-loop video prediction figure of Hafner et al. 2019). Like {@link EvalProbe} it changes nothing
 * that training reads: it draws only from the caller's {@code rng} and leaves parameters, optimizer
 * state and the agent's own random streams as they were.
 */
public interface EvalFigure {

    /** The file name stem: the trainer writes {@code figures/<stem>_<env_step>.png} in the run directory. */
    String stem();

    /** The rows of frames to draw for {@code episode}, drawing any randomness from {@code rng}. */
    FrameRows draw(RecordedEpisode episode, Rng rng);
}
