package org.mbrl4j.config;

/** Where a resolved value came from, in the order the layers apply. */
public enum Source {
    DEFAULT("default"),
    FILE("file"),
    OVERRIDE("override"),
    /** Replaced by the {@code model_size} preset ({@link ModelSize#apply}). */
    PRESET("preset");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
