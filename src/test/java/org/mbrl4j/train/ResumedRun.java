package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.io.SafeTensors;

/**
 * A run trained to its end uninterrupted ({@link #full}), its latest checkpoint ({@link #checkpoint}),
 * and the same run resumed from that checkpoint to the end ({@link #resumed}), with the updates each
 * reported: what the resume tests compare bit for bit.
 */
record ResumedRun(TrainResult full, List<Update> fullUpdates, Checkpoint checkpoint, TrainResult resumed,
        List<Update> resumedUpdates) {

    /** One update's metrics at the trainer step it ran at. */
    record Update(long step, Map<String, Double> metrics) {}

    /** Trains {@code config} to its end, then again from its latest checkpoint under exp_name=resumed. */
    static ResumedRun of(LoadedConfig config) throws Exception {
        var out = new PrintWriter(new StringWriter());
        var full = new ArrayList<Update>();
        TrainResult a = TrainerFixture.train(config, Optional.empty(), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> full.add(new Update(s, m)))).result();
        Path latest = a.dir().checkpoint(RunDirectory.LATEST);
        Checkpoint ck = Checkpoint.read(latest);
        var resumed = new ArrayList<Update>();
        var again = CheckpointConfig.load(ck, List.of("exp_name=resumed", "checkpoint=" + latest));
        TrainResult b = TrainerFixture.train(again, Optional.of(ck), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> resumed.add(new Update(s, m)))).result();
        return new ResumedRun(a, List.copyOf(full), ck, b, List.copyOf(resumed));
    }

    /** The uninterrupted run's updates from the checkpoint's step on: those the resumed run must repeat. */
    List<Update> fullUpdatesFromCheckpoint() {
        long step = checkpoint.trainer().step();
        return fullUpdates.stream().filter(u -> u.step() >= step).toList();
    }

    /**
     * Asserts the resumed run repeated the uninterrupted run's updates after the checkpoint, and the two
     * final checkpoints hold the same tensors, bit for bit, and the same values of {@code metadataKeys}.
     */
    void assertContinuesBitForBit(List<String> metadataKeys) throws IOException {
        assertEquals(fullUpdatesFromCheckpoint(), resumedUpdates);
        var fa = SafeTensors.read(full.checkpoint().orElseThrow());
        var fb = SafeTensors.read(resumed.checkpoint().orElseThrow());
        var ta = fa.tensors();
        var tb = fb.tensors();
        assertEquals(ta.keySet(), tb.keySet());
        ta.forEach((name, t) -> assertArrayEquals(t.floats(), tb.get(name).floats(), name));
        for (String key : metadataKeys) {
            assertEquals(fa.metadata().get(key), fb.metadata().get(key), key);
        }
    }
}
