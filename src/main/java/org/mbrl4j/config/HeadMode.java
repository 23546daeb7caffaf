package org.mbrl4j.config;

/**
 * Which dynamics heads the planner rolls out ({@code planner_head_mode_eval}, docs/planner.md#config-keys): head 0 only,
 * or every head.
 */
public enum HeadMode implements Choice {
    SINGLE("single"),
    ALL("all");

    private final String yamlName;

    HeadMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
