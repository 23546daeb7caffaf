package org.mbrl4j.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** The one YAML mapper: snake_case properties, strict about duplicates, nulls and float-to-int. */
final class Yaml {
    private Yaml() {}

    static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    /** A one-line reason for a YAML parse error, with its line and column when known. */
    static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            var mark = marked.getProblemMark();
            return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " + marked.getProblem();
        }
        var at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + e.getOriginalMessage().lines().findFirst().orElse("");
    }
}
