package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.TensorData;

/**
 * Offline training (docs/training-features.md#offline-training) on the exported replay of a short online run:
 * the dataset's format and checks, and a resumed offline run that continues bit for bit.
 */
class OfflineTrainerTest {
    @TempDir
    static Path work;

    /** The replay of a 400-step online run (two 200-step episodes), exported. */
    static Path dataset;
    static Path onlineFinal;

    record Update(long step, Map<String, Double> metrics) {}

    @BeforeAll
    static void exportTheReplayOfAnOnlineRun() throws Exception {
        var online = TrainerFixture.train(TrainerFixture.config(work, "exp_name=online", "eval_freq=1000")).result();
        onlineFinal = online.dir().checkpoint(RunDirectory.FINAL);
        dataset = work.resolve("pendulum.safetensors");
        DatasetFile.Summary s = DatasetFile.export(Checkpoint.read(onlineFinal), dataset);
        assertEquals(2, s.episodes());
        assertEquals(400, s.transitions());
        assertEquals("f32[3]", s.obs());
    }

    @Test
    void theDatasetHoldsTheBuffersEpisodesWithTheirBoundariesAndDocumentedMetadata() throws Exception {
        var file = SafeTensors.read(dataset);
        assertEquals(DatasetFile.FORMAT, file.metadata().get(SafeTensors.FORMAT_KEY));
        assertEquals("pendulum", file.metadata().get("task"));
        assertEquals("f32[3]", file.metadata().get("obs"));
        assertEquals("1", file.metadata().get("action_dim"));
        assertEquals("400", file.metadata().get("step"));
        assertArrayEquals(new int[] {200, 200}, file.tensor("episode_length").ints());
        assertArrayEquals(new int[] {402, 3}, file.tensor("obs").shape());
        assertArrayEquals(new int[] {400, 1}, file.tensor("action").shape());
        EpisodeBuffer buffer = DatasetFile.read(dataset, ObsSpec.vector(3), 1);
        EpisodeBuffer saved = BufferFile.read(BufferFile.of(Checkpoint.read(onlineFinal)), 400, ObsSpec.vector(3), 1,
                400);
        assertEquals(saved.episodes(), buffer.episodes());
        for (int e = 0; e < saved.episodes(); e++) {
            assertArrayEquals(saved.episode(e).reward(), buffer.episode(e).reward());
            assertArrayEquals(saved.episode(e).action(), buffer.episode(e).action());
            assertEquals(saved.episode(e).obs(), buffer.episode(e).obs());
        }
    }

    @Test
    void aDatasetOfAnotherObservationOrActionSizeIsRefusedNamingBothShapes() {
        var obs = assertThrows(CheckpointException.class, () -> DatasetFile.read(dataset, ObsSpec.vector(5), 1));
        assertTrue(obs.getMessage().contains("f32[3]") && obs.getMessage().contains("f32[5]"), obs.getMessage());
        var action = assertThrows(CheckpointException.class, () -> DatasetFile.read(dataset, ObsSpec.vector(3), 2));
        assertTrue(action.getMessage().contains("[400, 1]") && action.getMessage().contains("takes 2"),
                action.getMessage());

        LoadedConfig cartpole = TrainerFixture.config(work, "trainer=offline", "dataset=" + dataset,
                "task=cartpole-swingup", "seed_steps=0", "exp_name=wrong");
        var e = assertThrows(CheckpointException.class, () -> new OfflineTrainer(cartpole, new CpuBackend(),
                Optional.empty(), OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)));
        assertTrue(e.getMessage().contains("f32[3]") && e.getMessage().contains("f32[5]"), e.getMessage());
    }

    @Test
    void anOfflineRunWithoutADatasetOrWithAnotherUtdIsRefused() {
        var none = assertThrows(ConfigException.class, () -> TrainerFixture.config(work, "trainer=offline"));
        assertTrue(none.getMessage().contains("dataset"), none.getMessage());
        var utd = assertThrows(ConfigException.class, () -> new OfflineTrainer(TrainerFixture.config(work,
                "trainer=offline", "dataset=" + dataset, "utd=2"), new CpuBackend(), Optional.empty(),
                OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)));
        assertTrue(utd.getMessage().contains("utd=2"), utd.getMessage());
    }

    @Test
    void anOfflineRunOfThreeHundredUpdatesResumesBitForBit() throws Exception {
        var full = new ArrayList<Update>();
        TrainResult a = offline(config("exp_name=whole", "steps=300"), Optional.empty(), full);
        assertEquals(300, a.updates());
        assertEquals(List.of(0L, 100L, 200L, 300L), a.evals().stream().map(EvalResult::step).toList());

        var first = new ArrayList<Update>();
        TrainResult b1 = offline(config("exp_name=parts", "steps=200"), Optional.empty(), first);
        Path mid = b1.dir().checkpoint(RunDirectory.FINAL);
        Checkpoint ck = Checkpoint.read(mid);
        assertEquals(200, ck.trainer().step());
        var second = new ArrayList<Update>();
        TrainResult b2 = offline(CheckpointConfig.load(ck, List.of("steps=300", "checkpoint=" + mid)), Optional.of(ck),
                second);
        assertEquals(300, b2.updates());
        assertEquals(List.of(300L), b2.evals().stream().map(EvalResult::step).toList(), "200 was evaluated before");

        var parts = new ArrayList<>(first);
        parts.addAll(second);
        assertEquals(full, parts, "every update's metrics, in order");
        assertEquals(a.evals().getLast().mean(), b2.evals().getLast().mean());
        assertSameTensors(Checkpoint.read(a.dir().checkpoint(RunDirectory.FINAL)),
                Checkpoint.read(b2.dir().checkpoint(RunDirectory.FINAL)));
    }

    private static LoadedConfig config(String... extra) {
        var o = new ArrayList<>(List.of("trainer=offline", "dataset=" + dataset, "eval_freq=100", "log_every=50"));
        o.addAll(List.of(extra));
        return TrainerFixture.config(work, o.toArray(String[]::new));
    }

    private static TrainResult offline(LoadedConfig config, Optional<Checkpoint> resume, List<Update> updates)
            throws Exception {
        var options = OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)
                .withUpdateListener((s, m) -> updates.add(new Update(s, m)));
        try (var backend = new CpuBackend(); var trainer = new OfflineTrainer(config, backend, resume, options)) {
            return trainer.run();
        }
    }

    private static void assertSameTensors(Checkpoint a, Checkpoint b) {
        var bs = b.agent().tensors();
        assertEquals(a.agent().tensors().size(), bs.size());
        for (int i = 0; i < bs.size(); i++) {
            TensorData x = a.agent().tensors().get(i);
            assertEquals(x.name(), bs.get(i).name());
            assertArrayEquals(x.floats(), bs.get(i).floats(), x.name());
        }
        assertEquals(a.agent().scalars(), b.agent().scalars());
    }
}
