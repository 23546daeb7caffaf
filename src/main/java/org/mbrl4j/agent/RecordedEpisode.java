package org.mbrl4j.agent;

import java.util.List;
import org.mbrl4j.env.Observation;

/**
 * One evaluation episode as the agent saw it: observations o_0 .. o_T and the actions a_0 .. a_{T-1}
 * taken after each (agent steps, after action repeat), with their rewards r_1 .. r_T.
 */
public record RecordedEpisode(List<Observation> observations, List<float[]> actions, float[] rewards) {

    public RecordedEpisode {
        observations = List.copyOf(observations);
        actions = List.copyOf(actions);
        rewards = rewards.clone();
        if (observations.size() != actions.size() + 1 || rewards.length != actions.size()) {
            throw new IllegalArgumentException("RecordedEpisode: " + observations.size() + " observations, "
                    + actions.size() + " actions and " + rewards.length + " rewards; needs T + 1, T and T");
        }
    }

    /** T, the agent steps of the episode. */
    public int length() {
        return actions.size();
    }
}
