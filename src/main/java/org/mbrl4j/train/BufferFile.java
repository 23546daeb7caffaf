package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.mbrl4j.buffer.Episode;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.io.FileDType;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.SafeTensorsFile;
import org.mbrl4j.io.TensorData;

/**
 * The replay buffer saved beside a checkpoint ({@code final.safetensors} →
 * {@code final.buffer.g<generation>.safetensors}; {@code final.buffer.safetensors} before generations),
 * so that a resumed run samples exactly the batches an uninterrupted one would. Its size is that of the data: observations in their own element type
 * plus (action + 2) floats per transition, e.g. 24 B per Pendulum transition, about 120 MB for 1M
 * transitions of a 24-dim DMC task, about 12 GB for 1M 3×64×64 u8 frames.
 * <pre>
 *   obs             (Σ(T_e + 1), *obs_shape) F32 or U8   the episodes' observations, oldest episode first
 *   action          (Σ T_e, A)
 *   reward          (Σ T_e)
 *   terminated      (Σ T_e)
 *   episode_length  (Ep) I32          T_e per episode
 *   metadata: format mbrl4j-buffer/2, step (the checkpoint's trainer step), generation (the save's number)
 * </pre>
 * Format 1 (written before typed observations) is format 2 restricted to f32 (Σ(T_e + 1), O)
 * observations and still loads. Each save writes a new generation file first, then the checkpoint naming it
 * ({@link BufferLink}: name, generation, checksum), then deletes the older generations: a kill at any
 * moment leaves the last complete checkpoint with the very buffer file it names. A resume checks the
 * step, and with a link the generation and the checksum, and refuses a buffer that does not belong.
 */
final class BufferFile {
    private BufferFile() {}

    static final String FORMAT = "mbrl4j-buffer/2";
    /** The f32-only format before typed observations; same tensors, read as format 2. */
    static final String FORMAT_V1 = "mbrl4j-buffer/1";
    private static final String SUFFIX = ".safetensors";
    private static final String GENERATION = "generation";

    /** The buffer file of a checkpoint written before generations: {@code <stem>.buffer.safetensors}. */
    static Path beside(Path checkpoint) {
        return checkpoint.resolveSibling(stem(checkpoint) + ".buffer" + SUFFIX);
    }

    /** The buffer file of save {@code generation} of {@code checkpoint}: {@code <stem>.buffer.g<n>.safetensors}. */
    static Path named(Path checkpoint, long generation) {
        return checkpoint.resolveSibling(stem(checkpoint) + ".buffer.g" + generation + SUFFIX);
    }

    /** The file a checkpoint's buffer is read from: the one it names, else the pre-generation name beside it. */
    static Path of(Checkpoint checkpoint) {
        return checkpoint.buffer().map(b -> b.resolveBeside(checkpoint.path())).orElse(beside(checkpoint.path()));
    }

    /** Every buffer file of {@code checkpoint}'s name in its folder, any generation (and the pre-generation one). */
    static List<Path> allOf(Path checkpoint) throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(stem(checkpoint) + ".buffer") + "(\\.g[0-9]+)?"
                + Pattern.quote(SUFFIX));
        try (Stream<Path> files = Files.list(checkpoint.toAbsolutePath().getParent())) {
            return files.filter(f -> name.matcher(f.getFileName().toString()).matches()).toList();
        }
    }

    private static String stem(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /**
     * Writes the buffer as save {@code generation} at trainer step {@code step}, atomically.
     *
     * @return the link its checkpoint records
     */
    static BufferLink write(Path path, EpisodeBuffer buffer, long step, long generation) throws IOException {
        int a = buffer.actionDim();
        int e = buffer.episodes();
        int transitions = Math.toIntExact(buffer.transitions());
        ObsArray obs = ObsArray.allocate(buffer.obsSpec(), Math.addExact(transitions, e));
        float[] action = new float[Math.multiplyExact(transitions, a)];
        float[] reward = new float[transitions];
        float[] terminated = new float[transitions];
        int[] lengths = new int[e];
        int t = 0;
        for (int i = 0; i < e; i++) {
            Episode ep = buffer.episode(i);
            int len = ep.length();
            lengths[i] = len;
            ep.obs().copyRows(0, obs, t + i, len + 1);
            System.arraycopy(ep.action(), 0, action, t * a, len * a);
            System.arraycopy(ep.reward(), 0, reward, t, len);
            System.arraycopy(ep.terminated(), 0, terminated, t, len);
            t += len;
        }
        long checksum = SafeTensors.write(path, Map.of(SafeTensors.FORMAT_KEY, FORMAT, "step", Long.toString(step),
                GENERATION, Long.toString(generation)), List.of(
                obsTensor(obs),
                TensorData.f32("action", action, transitions, a),
                TensorData.f32("reward", reward, transitions),
                TensorData.f32("terminated", terminated, transitions),
                TensorData.i32("episode_length", lengths, e)));
        return new BufferLink(path.getFileName().toString(), generation, checksum);
    }

    /** The buffer saved at trainer step {@code step}, without a link to check (pre-generation checkpoints). */
    static EpisodeBuffer read(Path path, long step, ObsSpec obsSpec, int actionDim, long capacity) {
        return read(path, step, Optional.empty(), obsSpec, actionDim, capacity);
    }

    /**
     * The buffer saved at trainer step {@code step} (and, with {@code link}, by the same save as the
     * checkpoint: same generation, same checksum), refilled into a buffer of {@code capacity}.
     *
     * @throws CheckpointException naming the file and the problem (unreadable or corrupt, from another
     *     save or step, other observation spec or action dim)
     */
    static EpisodeBuffer read(Path path, long step, Optional<BufferLink> link, ObsSpec obsSpec, int actionDim,
            long capacity) {
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(path);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the replay buffer: " + e.getMessage());
        }
        if (link.isPresent()) {
            BufferLink want = link.get();
            String generation = file.metadata().get(GENERATION);
            long checksum = file.checksum().orElse(-1);
            if (!Long.toString(want.generation()).equals(generation) || checksum != want.checksum()) {
                throw new CheckpointException(path, "not the replay buffer its checkpoint was saved with: the"
                        + " checkpoint names generation " + want.generation() + " with checksum "
                        + String.format("%08x", want.checksum()) + ", the file is generation " + generation
                        + " with checksum " + (checksum < 0 ? "none" : String.format("%08x", checksum)));
            }
        }
        Map<String, String> meta = file.metadata();
        String format = meta.get(SafeTensors.FORMAT_KEY);
        if (!FORMAT.equals(format) && !FORMAT_V1.equals(format)) {
            throw new CheckpointException(path, "format '" + format + "', expected " + FORMAT + " (or " + FORMAT_V1
                    + ")");
        }
        if (!Long.toString(step).equals(meta.get("step"))) {
            throw new CheckpointException(path, "saved at step " + meta.get("step") + ", but the checkpoint is at step "
                    + step + " (a crash between the two writes?)");
        }
        try {
            int[] lengths = file.tensor("episode_length").ints();
            ObsArray obs = obsArray(file.tensor("obs"), obsSpec);
            float[] action = expect(file, "action", actionDim);
            float[] reward = file.tensor("reward").floats();
            float[] terminated = file.tensor("terminated").floats();
            var buffer = new EpisodeBuffer(obsSpec, actionDim, capacity);
            int t = 0;
            for (int i = 0; i < lengths.length; i++) {
                int len = lengths[i];
                buffer.add(new Episode(obs.rows(t + i, t + i + len + 1), actionDim,
                        Arrays.copyOfRange(action, t * actionDim, (t + len) * actionDim),
                        Arrays.copyOfRange(reward, t, t + len), Arrays.copyOfRange(terminated, t, t + len)));
                t += len;
            }
            return buffer;
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new CheckpointException(path, "inconsistent replay buffer: " + e.getMessage());
        }
    }

    /** The obs tensor (Σ(T_e + 1), *obs_shape) in the observations' own element type. */
    private static TensorData obsTensor(ObsArray obs) {
        int[] shape = IntStream.concat(IntStream.of(obs.count()), IntStream.of(obs.spec().shape())).toArray();
        return switch (obs) {
            case ObsArray.F32 f -> TensorData.f32("obs", f.values(), shape);
            case ObsArray.U8 u -> TensorData.u8("obs", u.values(), shape);
        };
    }

    private static ObsArray obsArray(TensorData t, ObsSpec spec) {
        int[] shape = t.shape();
        FileDType want = switch (spec.dtype()) {
            case F32 -> FileDType.F32;
            case U8 -> FileDType.U8;
        };
        if (t.dtype() != want || shape.length != spec.shape().length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), spec.shape())) {
            throw new IllegalArgumentException("tensor 'obs' is " + t.dtype() + " with shape " + Arrays.toString(shape)
                    + ", expected " + want + " (Σ(T_e + 1), "
                    + Arrays.toString(spec.shape()).replaceAll("[\\[\\]]", "") + ") for " + spec + " observations");
        }
        return switch (spec.dtype()) {
            case F32 -> new ObsArray.F32(spec, t.floats());
            case U8 -> new ObsArray.U8(spec, t.bytes());
        };
    }

    private static float[] expect(SafeTensorsFile file, String name, int dim) {
        TensorData t = file.tensor(name);
        int[] shape = t.shape();
        if (shape.length != 2 || shape[1] != dim) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + ", expected (Σ T_e, " + dim + ")");
        }
        return t.floats();
    }
}
