package org.mbrl4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A JSON-lines file: one JSON object per line, appended and flushed per record. Non-finite numbers
 * (which JSON cannot hold) are written as null.
 */
final class JsonlLog implements Closeable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final BufferedWriter out;

    JsonlLog(Path path) throws IOException {
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Writes {@code fields} as one line. Values: String, Long, Integer, Double, Float or Boolean; nested
     * Maps (objects), Lists and float[], double[], int[] (arrays) of those.
     */
    void record(Map<String, ?> fields) throws IOException {
        try {
            out.write(JSON.writeValueAsString(node(fields)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON-lines record", e);
        }
        out.write('\n');
        out.flush();
    }

    private static JsonNode node(Object v) {
        JsonNodeFactory f = JSON.getNodeFactory();
        return switch (v) {
            case null -> f.nullNode();
            case Double d when !Double.isFinite(d) -> f.nullNode();
            case Double d -> f.numberNode(d);
            case Float x when !Float.isFinite(x) -> f.nullNode();
            case Float x -> f.numberNode(x);
            case Long l -> f.numberNode(l);
            case Integer i -> f.numberNode(i);
            case Boolean b -> f.booleanNode(b);
            case Map<?, ?> m -> {
                ObjectNode o = f.objectNode();
                m.forEach((k, x) -> o.set(k.toString(), node(x)));
                yield o;
            }
            case List<?> l -> {
                ArrayNode a = f.arrayNode();
                l.forEach(x -> a.add(node(x)));
                yield a;
            }
            case float[] xs -> {
                ArrayNode a = f.arrayNode();
                for (float x : xs) {
                    a.add(node(x));
                }
                yield a;
            }
            case double[] xs -> {
                ArrayNode a = f.arrayNode();
                for (double x : xs) {
                    a.add(node(x));
                }
                yield a;
            }
            case int[] xs -> {
                ArrayNode a = f.arrayNode();
                for (int x : xs) {
                    a.add(x);
                }
                yield a;
            }
            default -> f.textNode(v.toString());
        };
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
