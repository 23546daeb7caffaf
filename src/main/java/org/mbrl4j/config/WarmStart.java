package org.mbrl4j.config;

/**
 * How the planner's mean starts from the previous plan ({@code planner_warm_start}).
 * {@code shift} is the reference's warm start ({@code mean[:-1] = prev_mean[1:]}, the last step 0;
 * docs/planner.md#warm-start): the plan one step later.
 * {@code copy} is the contract's literal (docs/planner.md#warm-start) {@code mean = prev_mean.clone()}, which re-uses the plan of the
 * previous step for the current one, one step out of phase; it is kept for the golden fixture of
 * the redesign and for comparison.
 */
public enum WarmStart implements Choice {
    SHIFT("shift"),
    COPY("copy");

    private final String yamlName;

    WarmStart(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
