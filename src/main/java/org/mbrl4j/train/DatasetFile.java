package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mbrl4j.buffer.Episode;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.io.FileDType;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.SafeTensorsFile;
import org.mbrl4j.io.TensorData;

/**
 * A dataset for offline training (docs/training-features.md#dataset-format): a run's replay buffer as a
 * safetensors file of whole episodes, the tensors of {@link BufferFile} with metadata of their own.
 * <pre>
 *   obs             (Σ(T_e + 1), *obs_shape) F32 or U8   each episode's T_e + 1 observations, episode after episode
 *   action          (Σ T_e, A) F32    in [-1, 1]
 *   reward          (Σ T_e) F32
 *   terminated      (Σ T_e) F32       1 on an episode's terminal transition, else 0
 *   episode_length  (Ep) I32          T_e per episode: the episode boundaries
 *   metadata: format mbrl4j-dataset/1, task, obs (e.g. f32[3]), action_dim, episodes, transitions,
 *             source (the checkpoint it was exported from), step (that checkpoint's agent step)
 * </pre>
 * Episode e's observations are rows Σ_{i&lt;e}(T_i + 1) … of obs, its transitions rows Σ_{i&lt;e} T_i … of the
 * others. A replay-buffer file a checkpoint names loads as a dataset too (same tensors).
 */
public final class DatasetFile {
    private DatasetFile() {}

    public static final String FORMAT = "mbrl4j-dataset/1";
    private static final Set<String> READABLE = Set.of(FORMAT, BufferFile.FORMAT, BufferFile.FORMAT_V1);
    private static final List<String> TENSORS = List.of("obs", "action", "reward", "terminated", "episode_length");

    /** What an export wrote. */
    public record Summary(Path path, String task, String obs, int actionDim, int episodes, long transitions) {}

    /**
     * Writes the replay buffer saved with {@code checkpoint} as a dataset at {@code out}, atomically.
     *
     * @throws CheckpointException when the checkpoint has no readable buffer file
     */
    public static Summary export(Checkpoint checkpoint, Path out) throws IOException {
        Path bufferFile = BufferFile.of(checkpoint);
        if (!Files.exists(bufferFile)) {
            throw new CheckpointException(checkpoint.path(), "has no replay buffer file (" + bufferFile + " does not"
                    + " exist): only checkpoints of runs with their buffer saved beside them can be exported");
        }
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(bufferFile);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the replay buffer " + bufferFile + ": " + e.getMessage());
        }
        String format = file.metadata().get(SafeTensors.FORMAT_KEY);
        if (!BufferFile.FORMAT.equals(format) && !BufferFile.FORMAT_V1.equals(format)) {
            throw new CheckpointException(bufferFile, "format '" + format + "', expected " + BufferFile.FORMAT);
        }
        TensorData obs = file.tensor("obs");
        int[] lengths = file.tensor("episode_length").ints();
        long transitions = Arrays.stream(lengths).asLongStream().sum();
        String obsText = obsText(obs);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SafeTensors.FORMAT_KEY, FORMAT);
        meta.put("task", checkpoint.envName());
        meta.put("obs", obsText);
        meta.put("action_dim", Integer.toString(checkpoint.actionDim()));
        meta.put("episodes", Integer.toString(lengths.length));
        meta.put("transitions", Long.toString(transitions));
        meta.put("source", checkpoint.path().toString());
        meta.put("step", Long.toString(checkpoint.trainer().step()));
        SafeTensors.write(out, meta, TENSORS.stream().map(file::tensor).toList());
        return new Summary(out, checkpoint.envName(), obsText, checkpoint.actionDim(), lengths.length, transitions);
    }

    /**
     * The dataset at {@code path} as a buffer holding all of it, checked against the run's observations and
     * action size.
     *
     * @throws CheckpointException naming the file and the problem: unreadable, another format, an observation
     *     or action shape other than the run's (both shapes named), inconsistent episode boundaries
     */
    public static EpisodeBuffer read(Path path, ObsSpec obsSpec, int actionDim) {
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(path);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the dataset " + path + ": " + e.getMessage());
        }
        String format = file.metadata().get(SafeTensors.FORMAT_KEY);
        if (!READABLE.contains(format)) {
            throw new CheckpointException(path, "format '" + format + "', expected " + FORMAT
                    + " (write one with: mbrl export-buffer CHECKPOINT OUT)");
        }
        for (String name : TENSORS) {
            if (!file.tensors().containsKey(name)) {
                throw new CheckpointException(path, "no tensor '" + name + "'; a dataset holds " + TENSORS);
            }
        }
        TensorData obs = file.tensor("obs");
        TensorData action = file.tensor("action");
        int[] obsRow = Arrays.copyOfRange(obs.shape(), 1, obs.shape().length);
        if (obs.dtype() != fileType(obsSpec) || !Arrays.equals(obsRow, obsSpec.shape())) {
            throw new CheckpointException(path, "observations are " + obsText(obs) + " but this run's env gives "
                    + obsSpec + " (dataset obs tensor " + Arrays.toString(obs.shape()) + "): the dataset was"
                    + " recorded on another task or observation type");
        }
        if (action.shape().length != 2 || action.shape()[1] != actionDim) {
            throw new CheckpointException(path, "actions have shape " + Arrays.toString(action.shape())
                    + ", so " + (action.shape().length == 2 ? action.shape()[1] : "?") + " values each, but this"
                    + " run's env takes " + actionDim + " (expected shape [Σ T_e, " + actionDim + "])");
        }
        try {
            int[] lengths = file.tensor("episode_length").ints();
            long transitions = Arrays.stream(lengths).asLongStream().sum();
            if (transitions != action.shape()[0] || transitions + lengths.length != obs.shape()[0]) {
                throw new IllegalArgumentException("episode_length sums to " + transitions + " transitions in "
                        + lengths.length + " episodes, but action has " + action.shape()[0] + " rows and obs "
                        + obs.shape()[0] + " (expected " + (transitions + lengths.length) + ")");
            }
            ObsArray all = switch (obsSpec.dtype()) {
                case F32 -> new ObsArray.F32(obsSpec, obs.floats());
                case U8 -> new ObsArray.U8(obsSpec, obs.bytes());
            };
            float[] act = action.floats();
            float[] reward = file.tensor("reward").floats();
            float[] terminated = file.tensor("terminated").floats();
            var buffer = new EpisodeBuffer(obsSpec, actionDim, Math.max(1, transitions));
            int t = 0;
            for (int i = 0; i < lengths.length; i++) {
                int len = lengths[i];
                buffer.add(new Episode(all.rows(t + i, t + i + len + 1), actionDim,
                        Arrays.copyOfRange(act, t * actionDim, (t + len) * actionDim),
                        Arrays.copyOfRange(reward, t, t + len), Arrays.copyOfRange(terminated, t, t + len)));
                t += len;
            }
            return buffer;
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new CheckpointException(path, "inconsistent dataset: " + e.getMessage());
        }
    }

    /** {@code f32[3]}: the element type and shape of one observation, as {@link ObsSpec#toString()} writes it. */
    private static String obsText(TensorData obs) {
        return obs.dtype().name().toLowerCase(java.util.Locale.ROOT)
                + Arrays.toString(Arrays.copyOfRange(obs.shape(), 1, obs.shape().length));
    }

    private static FileDType fileType(ObsSpec spec) {
        return switch (spec.dtype()) {
            case F32 -> FileDType.F32;
            case U8 -> FileDType.U8;
        };
    }
}
