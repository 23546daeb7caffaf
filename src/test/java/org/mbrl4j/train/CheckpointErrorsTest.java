package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.SafeTensorsFile;
import org.mbrl4j.io.TensorData;

/** Every unusable checkpoint fails with a message naming the file and the problem. */
class CheckpointErrorsTest {
    @TempDir
    Path dir;
    private Path good;
    private LoadedConfig config;
    private RunSpec spec;

    @BeforeEach
    void writeAGoodCheckpoint() throws Exception {
        config = TrainerFixture.config(dir);
        spec = RunSpec.derive(config.config().run(), "pendulum", ObsSpec.vector(3), 1, 200);
        good = dir.resolve("good.safetensors");
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, spec, config.config())) {
            new Checkpoint(good, ConfigYaml.render(config.config(), "test"), "tdmpc2", "pendulum", 3, 1,
                    TrainerState.initial(),
                    agent.state(), "unknown", java.util.Optional.empty()).write(1);
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path nope = dir.resolve("nope.safetensors");
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(nope));
        assertEquals("checkpoint " + nope + ": file not found (looked at " + nope + ")", e.getMessage());
    }

    @Test
    void garbageAndTruncatedFilesAreCorrupt() throws Exception {
        Path garbage = dir.resolve("garbage.safetensors");
        Files.writeString(garbage, "this is not a checkpoint at all, just text");
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(garbage));
        assertTrue(e.getMessage().startsWith("cannot read checkpoint: " + garbage + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the file is corrupt or not a safetensors file"), e.getMessage());

        Path cut = dir.resolve("cut.safetensors");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
        var t = assertThrows(CheckpointException.class, () -> Checkpoint.read(cut));
        assertTrue(t.getMessage().startsWith("cannot read checkpoint: " + cut + ": tensor '"), t.getMessage());
        assertTrue(t.getMessage().contains("lie outside the"), t.getMessage());
    }

    @Test
    void aSafetensorsFileWithoutOrWithAnotherFormatIsRefused() throws Exception {
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(rewrite("noformat", m -> m.remove("format"),
                t -> {})));
        assertTrue(e.getMessage().contains("no 'format' entry in the metadata: a safetensors file, but not an mbrl4j"
                + " checkpoint (expected format mbrl4j-checkpoint/1)"), e.getMessage());
        var f = assertThrows(CheckpointException.class, () -> Checkpoint.read(rewrite("v0",
                m -> m.put("format", "mbrl4j-checkpoint/0"), t -> {})));
        assertTrue(f.getMessage().endsWith("format 'mbrl4j-checkpoint/0', but this build reads mbrl4j-checkpoint/1; use"
                + " the mbrl4j version that wrote it, or train a new model"), f.getMessage());
    }

    @Test
    void missingOrMalformedMetadataIsNamed() throws Exception {
        Path noStep = rewrite("nostep", m -> m.remove("trainer.step"), t -> {});
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.read(noStep));
        assertEquals("checkpoint " + noStep + ": the metadata has no 'trainer.step' entry; the file is incomplete or"
                + " was not written by mbrl4j", e.getMessage());
        Path badStep = rewrite("badstep", m -> m.put("trainer.step", "12x"), t -> {});
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(badStep)).getMessage()
                .endsWith("metadata 'trainer.step' = '12x' is not an integer"));
        Path badFlag = rewrite("badflag", m -> m.put("trainer.eval_pending", "yes"), t -> {});
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(badFlag)).getMessage()
                .endsWith("metadata 'trainer.eval_pending' = 'yes' is not true or false"));
    }

    @Test
    void shapeMismatchesAndMissingTensorsAreListedOnRestore() throws Exception {
        Path reshaped = rewrite("reshaped", m -> {}, tensors -> {
            TensorData w = tensors.get("model.encoder.0.weight");
            tensors.put(w.name(), TensorData.f32(w.name(), new float[(int) w.numel()], (int) w.numel()));
            tensors.remove("optim.pi.m.pi.0.bias");
        });
        Checkpoint ck = Checkpoint.read(reshaped);
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, spec, config.config())) {
            var e = assertThrows(CheckpointException.class, () -> ck.restoreInto(agent, spec));
            assertTrue(e.getMessage().startsWith("checkpoint " + reshaped + ": the checkpoint does not match this model"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("tensor 'model.encoder.0.weight' has shape [" ), e.getMessage());
            assertTrue(e.getMessage().contains("missing tensor 'optim.pi.m.pi.0.bias'"), e.getMessage());
        }
    }

    @Test
    void anotherArchitectureNamesTheKeysAndAnotherEnvIsRefused() throws Exception {
        Checkpoint ck = Checkpoint.read(good);
        var saved = CheckpointConfig.load(ck, List.of()).config();
        assertEquals(config.config(), saved, "the stored config loads back to the run's config");
        // (with model_size=cpu the preset would replace latent_dim and num_q: leave the preset first)
        var changed = CheckpointConfig.load(ck, List.of("model_size=null", "latent_dim=32", "num_q=3", "lr=1e-3"))
                .config();
        var e = assertThrows(CheckpointException.class,
                () -> CheckpointConfig.requireSameArchitecture(ck, saved, changed));
        assertTrue(e.getMessage().contains("was trained with another architecture; latent_dim=64 in the checkpoint,"
                + " 32 now; num_q=2 in the checkpoint, 3 now."), e.getMessage());
        assertFalse(e.getMessage().contains("lr="), "lr is not an architecture key: " + e.getMessage());
        assertEquals(List.of("lr: 3e-4 -> 0.001", "model_size: cpu -> null"), CheckpointConfig.otherChanges(saved, changed));

        var cartpole = RunSpec.derive(config.config().run(), "cartpole-swingup", ObsSpec.vector(5), 1, 200);
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, cartpole, config.config())) {
            var env = assertThrows(CheckpointException.class, () -> ck.restoreInto(agent, cartpole));
            assertTrue(env.getMessage().endsWith("written for env pendulum (obs 3, action 1), but the agent is for"
                    + " cartpole-swingup (obs 5, action 1)"), env.getMessage());
        }
    }

    @Test
    void aCheckpointOfAnotherAlgorithmIsRefusedNamingBoth() throws Exception {
        assertEquals("tdmpc2", Checkpoint.read(good).algorithm());
        assertEquals("tdmpc2", SafeTensors.read(good).metadata().get("algorithm"), "written into the metadata");
        Checkpoint other = Checkpoint.read(rewrite("planet", m -> m.put("algorithm", "planet"), t -> {}));
        try (var backend = new CpuBackend(); var agent = Agents.create(backend, spec, config.config())) {
            var e = assertThrows(CheckpointException.class, () -> other.restoreInto(agent, spec));
            assertTrue(e.getMessage().contains("holds a planet agent, but this run's algorithm is tdmpc2"),
                    e.getMessage());
        }
    }

    @Test
    void aCheckpointWrittenBeforeTheAlgorithmKeyIsTdmpc2AndDropsTheRemovedKeys() throws Exception {
        Path old = rewrite("old", m -> {
            m.remove("algorithm");
            m.put("config", m.get("config").replaceFirst("(?m)^algorithm: .*\\R", "")
                    + "num_pi_trajs: 24\ntemperature: 0.5\n");
        }, t -> {});
        Checkpoint ck = Checkpoint.read(old);
        assertEquals("tdmpc2", ck.algorithm());
        assertFalse(ck.configYaml().contains("algorithm:"), ck.configYaml());
        assertEquals(config.config(), CheckpointConfig.load(ck, List.of()).config(),
                "the removed keys are dropped and algorithm defaults to tdmpc2");
        var e = assertThrows(org.mbrl4j.config.ConfigException.class,
                () -> CheckpointConfig.load(ck, List.of("temperature=0.5")));
        assertTrue(e.getMessage().contains("planner_temperature_train=2.0"), "only stored keys are dropped: "
                + e.getMessage());
    }

    @Test
    void aStoredConfigThatNoLongerLoadsIsNamed() throws Exception {
        Path old = rewrite("old", m -> m.put("config", m.get("config") + "retired_key: 3\n"), t -> {});
        Checkpoint ck = Checkpoint.read(old);
        var e = assertThrows(CheckpointException.class, () -> CheckpointConfig.load(ck, List.of()));
        assertTrue(e.getMessage().startsWith("checkpoint " + old + ": its stored config does not load in this version"),
                e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'retired_key'"), e.getMessage());
    }

    @Test
    void aBufferFileFromAnotherStepIsRefused() throws Exception {
        Path buffer = dir.resolve("b.buffer.safetensors");
        BufferFile.write(buffer, new org.mbrl4j.buffer.EpisodeBuffer(ObsSpec.vector(3), 1, 100), 400, 1);
        var e = assertThrows(CheckpointException.class,
                () -> BufferFile.read(buffer, 401, ObsSpec.vector(3), 1, 100));
        assertEquals("checkpoint " + buffer + ": saved at step 400, but the checkpoint is at step 401 (a crash between"
                + " the two writes?)", e.getMessage());
        var dims = assertThrows(CheckpointException.class,
                () -> BufferFile.read(buffer, 400, ObsSpec.vector(5), 1, 100));
        assertTrue(dims.getMessage().contains("tensor 'obs' is F32 with shape [0, 3], expected F32 (Σ(T_e + 1), 5)"),
                dims.getMessage());
    }

    private interface Edit<T> {
        void apply(T t);
    }

    /** A copy of the good checkpoint with its metadata and tensors edited. */
    private Path rewrite(String name, Edit<Map<String, String>> meta, Edit<Map<String, TensorData>> tensors)
            throws Exception {
        SafeTensorsFile f = SafeTensors.read(good);
        Map<String, String> m = new LinkedHashMap<>(f.metadata());
        Map<String, TensorData> t = new LinkedHashMap<>(f.tensors());
        meta.apply(m);
        tensors.apply(t);
        Path out = dir.resolve(name + ".safetensors");
        SafeTensors.write(out, m, new ArrayList<>(t.values()));
        return out;
    }
}
