package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.io.SafeTensors;

/**
 * TD-MPC2 from pixels resumes bit for bit: the random shifts draw from the update stream, whose counter
 * the checkpoint holds, and the replay buffer's frames come back byte-exact.
 */
class PixelResumeTest {
    @TempDir
    Path work;

    record Update(long step, Map<String, Double> metrics) {}

    @Test
    void aResumedPixelRunContinuesBitForBit() throws Exception {
        var out = new PrintWriter(new StringWriter());
        var config = TrainerFixture.config(work, "obs=rgb", "num_channels=4", "steps=415", "checkpoint_every=400",
                "batch_size=4", "eval_freq=1000");
        var full = new ArrayList<Update>();
        TrainResult a = TrainerFixture.train(config, Optional.empty(), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> full.add(new Update(s, m)))).result();
        Checkpoint ck = Checkpoint.read(a.dir().checkpoint(RunDirectory.LATEST));
        assertEquals(400, ck.trainer().step());

        var resumed = new ArrayList<Update>();
        var again = CheckpointConfig.load(ck, List.of("exp_name=resumed",
                "checkpoint=" + a.dir().checkpoint(RunDirectory.LATEST)));
        TrainResult b = TrainerFixture.train(again, Optional.of(ck), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> resumed.add(new Update(s, m)))).result();
        List<Update> tail = full.stream().filter(u -> u.step() >= 400).toList();
        assertEquals(15, tail.size(), "updates at steps 400..414");
        assertEquals(tail, resumed);
        var ta = SafeTensors.read(a.checkpoint().orElseThrow()).tensors();
        var tb = SafeTensors.read(b.checkpoint().orElseThrow()).tensors();
        assertEquals(ta.keySet(), tb.keySet());
        ta.forEach((name, t) -> assertArrayEquals(t.floats(), tb.get(name).floats(), name));
    }
}
