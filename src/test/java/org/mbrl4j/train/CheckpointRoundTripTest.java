package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.env.Observation;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.io.SafeTensors;

/** What a checkpoint and its buffer file hold, written and read back. */
class CheckpointRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void trainerStateAgentStateAndMetadataRoundTrip() throws Exception {
        var config = TrainerFixture.config(dir);
        var spec = RunSpec.derive(config.config().run(), "pendulum", ObsSpec.vector(3), 1, 200);
        var state = new TrainerState(1234, 7, 1000, 55, 66, -123.25, Double.NaN, 98.5, 321.75, true, false);
        Path file = dir.resolve("ck.safetensors");
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, spec, config.config())) {
            var written = new Checkpoint(file, ConfigYaml.render(config.config(), "c"), "tdmpc2", "pendulum", 3, 1, state,
                    agent.state(), GitRevision.current(),
                    java.util.Optional.of(new BufferLink("ck.buffer.g3.safetensors", 3, 0xdeadbeefL)));
            written.write(2);
            Checkpoint read = Checkpoint.read(file);
            assertEquals(state, read.trainer(), "NaN and every counter survive");
            assertEquals(written.buffer(), read.buffer(), "the buffer link survives");
            assertEquals(written.configYaml(), read.configYaml());
            assertEquals(agent.state().scalars(), read.agent().scalars());
            assertEquals(agent.state().tensors().size(), read.agent().tensors().size());
            for (var t : agent.state().tensors()) {
                var r = read.agent().tensors().stream().filter(x -> x.name().equals(t.name())).findFirst().orElseThrow();
                assertArrayEquals(t.floats(), r.floats(), t.name());
                assertArrayEquals(t.shape(), r.shape(), t.name());
            }
            var meta = SafeTensors.read(file).metadata();
            assertEquals("mbrl4j-checkpoint/1", meta.get("format"));
            assertEquals("2468", meta.get("trainer.env_step"), "env step = step x action_repeat");
            assertTrue(meta.get("git_revision").matches("[0-9a-f]{40}|unknown"), meta.get("git_revision"));
            assertTrue(meta.get("created").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), meta.get("created"));
            assertTrue(meta.containsKey("agent.running_scale") && meta.containsKey("agent.rng.act"), meta.toString());

            // a checkpoint written before trainer.cpu_s existed reads as CPU time unknown (NaN), the rest unchanged
            var older = new java.util.HashMap<>(meta);
            assertEquals("321.75", older.remove("trainer.cpu_s"));
            Path oldFile = dir.resolve("old.safetensors");
            SafeTensors.write(oldFile, older, SafeTensors.read(file).tensors().values());
            TrainerState oldState = Checkpoint.read(oldFile).trainer();
            assertTrue(Double.isNaN(oldState.cpuSeconds()), "cpu_s " + oldState.cpuSeconds());
            assertEquals(state.elapsedSeconds(), oldState.elapsedSeconds());
            assertEquals(state.updates(), oldState.updates());
        }
    }

    @Test
    void theBufferFileRestoresEveryEpisodeInOrder() throws Exception {
        var buffer = new EpisodeBuffer(ObsSpec.vector(2), 1, 1000);
        var b = new EpisodeBuilder(ObsSpec.vector(2), 1);
        for (int e = 0; e < 3; e++) {
            b.start(new Observation.F32(new float[] {e, -e}));
            for (int t = 0; t < 5 + e; t++) {
                b.add(new float[] {t * 0.1f}, e * 10 + t, e == 2 && t == 6, new Observation.F32(new float[] {t, e}));
            }
            buffer.add(b.build());
        }
        Path file = dir.resolve("ck.buffer.safetensors");
        assertEquals(file, BufferFile.beside(dir.resolve("ck.safetensors")));
        BufferFile.write(file, buffer, 99, 1);
        EpisodeBuffer back = BufferFile.read(file, 99, ObsSpec.vector(2), 1, 1000);
        assertEquals(3, back.episodes());
        assertEquals(buffer.transitions(), back.transitions());
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(buffer.episode(e).obs().f32(), back.episode(e).obs().f32());
            assertArrayEquals(buffer.episode(e).action(), back.episode(e).action());
            assertArrayEquals(buffer.episode(e).reward(), back.episode(e).reward());
            assertArrayEquals(buffer.episode(e).terminated(), back.episode(e).terminated());
        }
        // a smaller capacity keeps the newest episodes, as the FIFO buffer would have
        EpisodeBuffer small = BufferFile.read(file, 99, ObsSpec.vector(2), 1, 10);
        assertEquals(1, small.episodes());
        assertArrayEquals(buffer.episode(2).obs().f32(), small.episode(0).obs().f32());
    }
}
