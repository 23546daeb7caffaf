package org.mbrl4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.agent.EvalFigure;
import org.mbrl4j.agent.EvalProbe;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;

/**
 * An agent without an eval actor, for the one-at-a-time evaluation path: it acts with a uniform draw in
 * [-1, 1] per action value from its own stream, which every act moves (as an agent acting through
 * {@link Agent#act} in EVAL mode does), and keeps every action it returned. It learns nothing.
 */
final class ScriptedAgent implements Agent {
    private final int actionDim;
    private final Rng rng;
    private final Optional<EvalFigure> figure;
    final List<float[]> actions = new ArrayList<>();

    ScriptedAgent(int actionDim, long seed, Optional<EvalFigure> figure) {
        this.actionDim = actionDim;
        this.rng = new Rng(seed, 0x5C);
        this.figure = figure;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.TDMPC2;
    }

    @Override
    public float[] act(Observation obs, ActMode mode, long step) {
        float[] a = new float[actionDim];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.uniform(-1f, 1f);
        }
        actions.add(a.clone());
        return a;
    }

    @Override
    public ActInfo lastActInfo() {
        return ActInfo.NONE;
    }

    @Override
    public void resetEpisode() {}

    @Override
    public BatchShape batchShape() {
        return new BatchShape(1, 1);
    }

    @Override
    public Map<String, Double> update(Batch batch) {
        throw new UnsupportedOperationException("ScriptedAgent does not learn");
    }

    @Override
    public Optional<Divergence> divergence() {
        return Optional.empty();
    }

    @Override
    public Map<String, String> derivedValues() {
        return Map.of();
    }

    @Override
    public Optional<EvalProbe> evalProbe() {
        return Optional.empty();
    }

    @Override
    public Optional<EvalFigure> evalFigure() {
        return figure;
    }

    @Override
    public AgentState state() {
        throw new UnsupportedOperationException("ScriptedAgent has no state to save");
    }

    @Override
    public void restore(AgentState state) {
        throw new UnsupportedOperationException("ScriptedAgent has no state to restore");
    }

    @Override
    public Map<String, Long> parameterCounts() {
        return Map.of();
    }

    @Override
    public void close() {}
}
