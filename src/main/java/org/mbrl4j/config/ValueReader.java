package org.mbrl4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Checks that a YAML value has its key's type and returns it in canonical form, so binding with Jackson
 * cannot fail or coerce silently (no 1.5 read as 1, no enum read by ordinal). YAML 1.1 reads {@code 3e-4}
 * as text, so numeric text is accepted as a number.
 */
final class ValueReader {
    private ValueReader() {}

    /** Canonical node, or the reason it is not one ({@code expected an integer}). */
    record Result(JsonNode value, String error) {
        static Result ok(JsonNode value) {
            return new Result(value, null);
        }

        static Result fail(String error) {
            return new Result(null, error);
        }

        boolean ok() {
            return error == null;
        }
    }

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d[\\d_]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    static Result read(ConfigSchema.Key key, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return key.nullable() ? Result.ok(NullNode.getInstance()) : Result.fail("expected " + expected(key) + ", not null");
        }
        return switch (key.kind()) {
            case INT -> readInt(node);
            case DOUBLE -> readDouble(node);
            case BOOLEAN -> node.isBoolean() ? Result.ok(BooleanNode.valueOf(node.booleanValue())) : Result.fail("expected true or false");
            case STRING -> node.isValueNode() ? Result.ok(TextNode.valueOf(node.asText())) : Result.fail("expected a string");
            case CHOICE -> readChoice(key, node);
            case DOUBLE_LIST -> readDoubleList(node);
        };
    }

    /** What a key accepts, for messages and help. */
    static String expected(ConfigSchema.Key key) {
        String base = switch (key.kind()) {
            case INT -> "an integer";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case CHOICE -> "one of " + Choice.allowed(key.choiceType());
            case DOUBLE_LIST -> "a list of numbers like [0.99, 0.97]";
        };
        return key.nullable() ? base + " or null" : base;
    }

    private static Result readInt(JsonNode node) {
        Double d = number(node);
        if (d == null || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            return Result.fail("expected an integer" + (d != null && d == Math.rint(d) ? " below 2^31" : ""));
        }
        return Result.ok(IntNode.valueOf((int) (double) d));
    }

    private static Result readDouble(JsonNode node) {
        Double d = number(node);
        if (d == null) {
            return Result.fail("expected a number");
        }
        return Double.isFinite(d) ? Result.ok(DoubleNode.valueOf(d)) : Result.fail("expected a finite number");
    }

    private static Result readChoice(ConfigSchema.Key key, JsonNode node) {
        if (node.isValueNode()) {
            for (Enum<?> constant : key.choiceType().getEnumConstants()) {
                String name = ((Choice) constant).yamlName();
                if (name.equalsIgnoreCase(node.asText())) {
                    return Result.ok(TextNode.valueOf(name));
                }
            }
        }
        return Result.fail("expected " + expected(key));
    }

    private static Result readDoubleList(JsonNode node) {
        if (!node.isArray()) {
            return Result.fail("expected a list of numbers like [0.99, 0.97]");
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : node) {
            Double d = number(element);
            if (d == null || !Double.isFinite(d)) {
                return Result.fail("expected a list of numbers like [0.99, 0.97]; '" + element.asText() + "' is not a number");
            }
            out.add(d);
        }
        return Result.ok(out);
    }

    /** The value of a number node or of numeric text ({@code 3e-4}, {@code 1_000_000}); null otherwise. */
    private static Double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual() && NUMBER.matcher(node.textValue().strip()).matches()) {
            return Double.parseDouble(node.textValue().strip().replace("_", ""));
        }
        return null;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isArray()) {
            var parts = new String[node.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = describe(node.get(i));
            }
            return Arrays.toString(parts);
        }
        if (node.isDouble() || node.isFloat()) {
            return Values.formatDouble(node.doubleValue());
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
