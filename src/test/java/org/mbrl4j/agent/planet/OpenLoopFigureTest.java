package org.mbrl4j.agent.planet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.FrameRows;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/**
 * The open-loop figure: three rows (truth, posterior, open loop) of the requested width, the true row the
 * episode's frames, the open-loop row equal to the posterior row over the context frames; shorter
 * episodes give narrower rows; drawing moves nothing of the agent.
 */
class OpenLoopFigureTest {
    private final PlanetFixture f = new PlanetFixture();

    private RecordedEpisode episode(int steps) {
        List<Observation> obs = new ArrayList<>();
        List<float[]> actions = new ArrayList<>();
        float[] rewards = new float[steps];
        obs.add(f.env.reset(42));
        Rng rng = new Rng(4, 4);
        for (int t = 0; t < steps; t++) {
            float[] a = {rng.uniform(-1f, 1f)};
            Step s = f.env.step(a);
            actions.add(a);
            rewards[t] = (float) s.reward();
            obs.add(s.observation());
        }
        return new RecordedEpisode(obs, actions, rewards);
    }

    @Test
    void threeRowsOfTheRequestedWidth() {
        try (Backend be = new CpuBackend(); PlanetAgent agent = f.agent(be)) {
            agent.update(f.batch(agent, 1));
            AgentState before = agent.state();
            RecordedEpisode ep = episode(20);
            FrameRows rows = new OpenLoopFigure(agent.model(), 5, 8, 3).draw(ep, new Rng(1, 2));
            assertEquals(List.of("truth", "posterior", "open loop"), rows.labels());
            assertEquals(64, rows.size());
            for (List<byte[]> row : rows.rows()) {
                assertEquals(8, row.size());
            }
            for (int t = 0; t < 8; t++) {
                assertArrayEquals(((Observation.U8) ep.observations().get(t)).values(), rows.rows().get(0).get(t));
            }
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(rows.rows().get(1).get(t), rows.rows().get(2).get(t), "context frame " + t);
            }
            assertEquals(before.scalars(), agent.state().scalars(), "the figure draws from the caller's stream only");
            assertEquals("openloop", agent.evalFigure().orElseThrow().stem());
        }
    }

    @Test
    void aShortEpisodeGivesNarrowerRows() {
        try (Backend be = new CpuBackend(); PlanetAgent agent = f.agent(be)) {
            FrameRows rows = agent.evalFigure().orElseThrow().draw(episode(3), new Rng(1, 2));
            for (List<byte[]> row : rows.rows()) {
                assertEquals(4, row.size(), "T + 1 = 4 frames");
            }
        }
    }
}
