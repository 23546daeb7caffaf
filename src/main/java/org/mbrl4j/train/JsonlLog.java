package org.mbrl4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A JSON-lines file: one JSON object per line, appended and flushed per record. Non-finite doubles
 * (which JSON cannot hold) are written as null.
 */
final class JsonlLog implements Closeable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final BufferedWriter out;

    JsonlLog(Path path) throws IOException {
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Writes {@code fields} (String, Long, Integer, Double or Boolean values) as one line. */
    void record(Map<String, Object> fields) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        fields.forEach((k, v) -> {
            switch (v) {
                case null -> node.putNull(k);
                case Double d when !Double.isFinite(d) -> node.putNull(k);
                case Double d -> node.put(k, d);
                case Long l -> node.put(k, l);
                case Integer i -> node.put(k, i);
                case Boolean b -> node.put(k, b);
                default -> node.put(k, v.toString());
            }
        });
        try {
            out.write(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a planner record", e);
        }
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
