package org.mbrl4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSONL file of an agent's {@link org.mbrl4j.agent.EvalProbe}: one record per evaluation,
 * {@code step} and {@code env_step} first, then the probe's fields. The file is created with its first
 * record, so a run whose probe never records (or whose agent has none) has no file.
 */
final class ProbeLog implements Closeable {
    private final Path path;
    private JsonlLog out;

    ProbeLog(Path path) {
        this.path = path;
    }

    void write(Map<String, Object> fields, long step, long envStep) throws IOException {
        if (out == null) {
            out = new JsonlLog(path);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", step);
        r.put("env_step", envStep);
        r.putAll(fields);
        out.record(r);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
