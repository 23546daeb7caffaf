/**
 * Configuration: immutable records read from YAML with Jackson, validated once at load.
 *
 * <p>{@link org.mbrl4j.config.Config#load} layers the embedded {@code configs/default.yaml}, a user
 * file and {@code key=value} overrides; {@link org.mbrl4j.config.ConfigSchema} derives every key from
 * the group records ({@link org.mbrl4j.config.RunConfig}, {@link org.mbrl4j.config.TrainingConfig},
 * {@link org.mbrl4j.config.PlannerConfig}, {@link org.mbrl4j.config.ModelConfig},
 * {@link org.mbrl4j.config.ExecutionConfig}, {@link org.mbrl4j.config.MultiGammaConfig});
 * {@link org.mbrl4j.config.ValueReader} checks types; each record's compact constructor checks its
 * ranges; all problems surface together in one {@link org.mbrl4j.config.ConfigException}.
 * {@link org.mbrl4j.config.ModelSize#apply} is the one step that applies the size preset. Values that
 * depend on the env (discount, episode length) are derived later, outside these records; the
 * multi-gamma primary-discount rule is {@link org.mbrl4j.config.MultiGammaConfig#checkPrimary}.
 */
package org.mbrl4j.config;
