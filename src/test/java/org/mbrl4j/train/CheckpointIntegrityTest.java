package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.SafeTensorsFile;
import org.mbrl4j.io.TensorData;

/**
 * A checkpoint whose bytes changed is refused naming the tensor (weights and optimizer moments alike),
 * as is one holding NaN; a checkpoint and a buffer file that were not saved together are refused; a
 * kill between the buffer write and the checkpoint write leaves a pair that resumes.
 */
class CheckpointIntegrityTest {
    @TempDir
    Path work;

    @TempDir
    static Path shared;

    /** A finished run with checkpoints at 200 (generation 1), the final one (2) and latest at 400 (3); read only. */
    private static TrainResult finished;

    @BeforeAll
    static void trainOnce() throws Exception {
        finished = run(shared);
    }

    private static TrainResult run(Path workDir) throws Exception {
        return TrainerFixture.train(TrainerFixture.config(workDir, "steps=400", "checkpoint_every=200")).result();
    }

    @Test
    void aChangedByteInAWeightIsRefusedNamingTheTensor() throws Exception {
        Path fin = finished.dir().checkpoint(RunDirectory.FINAL);
        Path bad = changeByteOf(fin, "model.encoder.0.weight");
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(bad));
        assertTrue(e.getMessage().contains("tensor 'model.encoder.0.weight': CRC32C of its"), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot read checkpoint: " + bad), e.getMessage());
    }

    @Test
    void aChangedByteInAnOptimizerMomentIsRefusedNamingTheTensor() throws Exception {
        Path fin = finished.dir().checkpoint(RunDirectory.FINAL);
        String moment = SafeTensors.read(fin).tensors().keySet().stream().filter(n -> n.startsWith("optim."))
                .filter(n -> n.contains(".v.")).findFirst().orElseThrow();
        Path bad = changeByteOf(fin, moment);
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(bad));
        assertTrue(e.getMessage().contains("tensor '" + moment + "': CRC32C of its"), e.getMessage());
    }

    @Test
    void aChangedByteInTheHeaderIsRefused() throws Exception {
        Path fin = finished.dir().checkpoint(RunDirectory.FINAL);
        byte[] bytes = Files.readAllBytes(fin);
        String header = new String(bytes, 8, (int) headerLength(bytes), java.nio.charset.StandardCharsets.UTF_8);
        int at = 8 + header.indexOf("planner_temperature_train: 2") + "planner_temperature_train: ".length();
        bytes[at] = '3'; // 2.0 -> 3.0 in the stored config: still valid JSON and YAML
        Path bad = work.resolve("header.safetensors");
        Files.write(bad, bytes);
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(bad));
        assertTrue(e.getMessage().contains("header checksum mismatch"), e.getMessage());
    }

    @Test
    void aNonFiniteWeightIsRefusedNamingTheTensor() throws Exception {
        Path fin = finished.dir().checkpoint(RunDirectory.FINAL);
        SafeTensorsFile f = SafeTensors.read(fin);
        var tensors = new LinkedHashMap<>(f.tensors());
        TensorData w = tensors.get("model.dynamics.0.weight");
        float[] values = w.floats().clone();
        values[5] = Float.NaN;
        tensors.put(w.name(), TensorData.f32(w.name(), values, w.shape()));
        Path nan = work.resolve("nan.safetensors");
        SafeTensors.write(nan, f.metadata(), new ArrayList<>(tensors.values())); // valid checksums, NaN content
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(nan));
        assertEquals("checkpoint " + nan + ": tensor 'model.dynamics.0.weight' holds NaN at index 5 of "
                + values.length + ": the run had diverged when it was saved; use an earlier checkpoint or train again"
                + " (a lower lr, smaller loss coefficients or grad_clip_norm)", e.getMessage());
    }

    @Test
    void eachSaveWritesANewBufferGenerationAndDeletesTheOlder() throws Exception {
        RunDirectory dir = finished.dir();
        Checkpoint latest = Checkpoint.read(dir.checkpoint(RunDirectory.LATEST));
        Checkpoint fin = Checkpoint.read(dir.checkpoint(RunDirectory.FINAL));
        // latest at 200 (generation 1), then at the end final (2) and latest at 400 (3)
        assertEquals(new BufferLink("latest.buffer.g3.safetensors", 3, SafeTensors.read(BufferFile.of(latest))
                .checksum().orElseThrow()), latest.buffer().orElseThrow());
        assertEquals(2, fin.buffer().orElseThrow().generation());
        try (var files = Files.list(dir.checkpoints())) {
            assertEquals(List.of("final.buffer.g2.safetensors", "final.safetensors", "latest.buffer.g3.safetensors",
                    "latest.safetensors"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aBufferFileThatWasNotSavedWithTheCheckpointIsRefused() throws Exception {
        RunDirectory dir = run(work).dir();
        Path latest = dir.checkpoint(RunDirectory.LATEST);
        Checkpoint ck = Checkpoint.read(latest);
        Path buffer = BufferFile.of(ck);
        // same name, generation and step, other content: e.g. a copy put together from two runs
        BufferFile.write(buffer, new EpisodeBuffer(ObsSpec.vector(3), 1, 100), 400, 3);
        var config = CheckpointConfig.load(ck, List.of("checkpoint=" + latest, "steps=600"));
        var e = assertThrows(CheckpointException.class, () -> TrainerFixture.train(config, Optional.of(ck)));
        assertTrue(e.getMessage().contains(buffer + ": not the replay buffer its checkpoint was saved with: the"
                + " checkpoint names generation 3 with checksum "), e.getMessage());
        assertTrue(e.getMessage().contains("To resume without the replay buffer"), e.getMessage());
        assertTrue(e.getMessage().endsWith("move " + buffer + " away"), e.getMessage());
    }

    /**
     * A kill after the next save's buffer file is written but before its checkpoint: the checkpoint on
     * disk still names (and finds) its own buffer, and the resumed run continues bit for bit.
     */
    @Test
    void aKillBetweenTheBufferAndTheCheckpointWritesLeavesAPairThatResumes() throws Exception {
        RunDirectory dir = TrainerFixture.train(TrainerFixture.config(work, "steps=400", "checkpoint_every=200",
                "save_agent=false")).result().dir();
        Path latest = dir.checkpoint(RunDirectory.LATEST);
        Checkpoint ck = Checkpoint.read(latest);
        assertEquals(2, ck.buffer().orElseThrow().generation());
        Path orphan = BufferFile.named(latest, 3);
        BufferFile.write(orphan, new EpisodeBuffer(ObsSpec.vector(3), 1, 100), 600, 3);

        var config = CheckpointConfig.load(ck, List.of("checkpoint=" + latest, "steps=600"));
        var resumed = TrainerFixture.train(config, Optional.of(ck));
        assertTrue(resumed.console().contains("replay buffer: 2 episodes (400 transitions) from "
                + BufferFile.of(ck)), resumed.console());
        Checkpoint after = Checkpoint.read(latest);
        assertEquals(600, after.trainer().step());
        assertEquals(3, after.buffer().orElseThrow().generation());
        assertEquals(3, BufferFile.read(BufferFile.of(after), 600, after.buffer(), ObsSpec.vector(3), 1, 1000)
                .episodes(), "the orphan was replaced by the real generation 3");
        assertFalse(Files.exists(BufferFile.named(latest, 2)), "the older generation is deleted");
    }

    /** A checkpoint and buffer file written before checksums and generations still load and resume. */
    @Test
    void aCheckpointWithoutChecksumsResumesWithItsBufferFile() throws Exception {
        Path old = Files.createDirectories(work.resolve("old"));
        for (String name : List.of("final.safetensors", "final.buffer.safetensors")) {
            try (var in = getClass().getResourceAsStream("/golden/tdmpc2/checkpoint-v1/" + name)) {
                Files.copy(in, old.resolve(name));
            }
        }
        Path fin = old.resolve("final.safetensors");
        assertTrue(SafeTensors.read(fin).checksum().isEmpty(), "written before checksums");
        Checkpoint ck = Checkpoint.read(fin);
        assertTrue(ck.buffer().isEmpty());
        var config = CheckpointConfig.load(ck, List.of("checkpoint=" + fin, "steps=650", "work_dir=" + work));
        var resumed = TrainerFixture.train(config, Optional.of(ck));
        assertTrue(resumed.console().contains("from " + old.resolve("final.buffer.safetensors")), resumed.console());
        Checkpoint after = Checkpoint.read(resumed.result().dir().checkpoint(RunDirectory.FINAL));
        assertEquals(650, after.trainer().step());
        assertEquals(1, after.buffer().orElseThrow().generation(), "the first save of this run");
    }

    /** A copy of {@code file} with one byte in the middle of tensor {@code name}'s data changed. */
    private Path changeByteOf(Path file, String name) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long n = headerLength(bytes);
        JsonNode offsets = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8)).get(name).get("data_offsets");
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        int at = (int) (8 + n + (begin + end) / 2);
        bytes[at] ^= 0x04;
        Path out = work.resolve("changed-" + name + ".safetensors");
        Files.write(out, bytes);
        return out;
    }

    private static long headerLength(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
