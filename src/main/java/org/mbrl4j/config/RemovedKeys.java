package org.mbrl4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keys that mbrl4j once accepted without using, and what to write instead. Setting one is an error
 * that names the replacement; a checkpoint's stored config, written when the key existed, has them
 * dropped before it is loaded (train.CheckpointConfig).
 */
public final class RemovedKeys {
    private RemovedKeys() {}

    private static final Map<String, String> REPLACEMENTS = Map.of(
            "num_pi_trajs", "the planner adds planner_num_seed_policy_trajectories policy trajectories to the"
                    + " num_samples Gaussian ones (the reference counted num_pi_trajs inside num_samples): set"
                    + " planner_num_seed_policy_trajectories instead");

    /** Every removed key. */
    public static Set<String> names() {
        return Set.of("num_pi_trajs", "temperature");
    }

    /** Why {@code key} (set to {@code value}) is no longer accepted and what replaces it; empty for other keys. */
    static Optional<String> message(String key, JsonNode value) {
        String given = key + "=" + ValueReader.describe(value) + ": removed; ";
        if (key.equals("temperature")) {
            return Optional.of(given + temperatureReplacement(value));
        }
        return Optional.ofNullable(REPLACEMENTS.get(key)).map(r -> given + r);
    }

    /**
     * The reference multiplies scores by its {@code temperature} inside exp(); the planner divides them
     * by {@code planner_temperature_train|eval}, so the equivalent is 1 / temperature.
     */
    private static String temperatureReplacement(JsonNode value) {
        String rule = "the planner divides scores by planner_temperature_train and planner_temperature_eval,"
                + " where the reference multiplied them by temperature, so planner_temperature = 1 / temperature";
        double t = value != null && value.isNumber() ? value.doubleValue()
                : value != null && value.isTextual() ? parse(value.textValue()) : Double.NaN;
        if (t > 0 && Double.isFinite(t)) {
            String v = Values.formatDouble(1 / t);
            return rule + " (the reference's " + Values.formatDouble(t) + " equals planner_temperature_train=" + v
                    + " planner_temperature_eval=" + v + ")";
        }
        return rule + " (the reference's 0.5 equals planner_temperature_train=2.0 planner_temperature_eval=2.0)";
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
