package org.mbrl4j.config;

/**
 * Layout of the auxiliary multi-discount value heads ({@code multi_gamma.head}, docs/multi-gamma.md#head-structure): one
 * joint projection to G·V logits, or one linear layer per discount.
 */
public enum MultiGammaHead implements Choice {
    JOINT("joint"),
    SEPARATE("separate");

    private final String yamlName;

    MultiGammaHead(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
