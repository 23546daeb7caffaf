package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mbrl4j.buffer.Episode;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.SafeTensorsFile;
import org.mbrl4j.io.TensorData;

/**
 * The replay buffer saved beside a checkpoint ({@code final.safetensors} →
 * {@code final.buffer.safetensors}), so that a resumed run samples exactly the batches an
 * uninterrupted one would. Its size is that of the data: (obs + action + 2) floats per transition,
 * e.g. 24 B per Pendulum transition, about 120 MB for 1M transitions of a 24-dim DMC task.
 * <pre>
 *   obs             (Σ(T_e + 1), O)   the episodes' observations, oldest episode first
 *   action          (Σ T_e, A)
 *   reward          (Σ T_e)
 *   terminated      (Σ T_e)
 *   episode_length  (E) I32           T_e per episode
 *   metadata: format mbrl4j-buffer/1, step (the checkpoint's trainer step)
 * </pre>
 * It is written before its checkpoint; a resume checks that the steps match.
 */
final class BufferFile {
    private BufferFile() {}

    static final String FORMAT = "mbrl4j-buffer/1";
    private static final String SUFFIX = ".safetensors";

    static Path beside(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        String stem = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        return checkpoint.resolveSibling(stem + ".buffer" + SUFFIX);
    }

    static void write(Path path, EpisodeBuffer buffer, long step) throws IOException {
        int o = buffer.obsDim();
        int a = buffer.actionDim();
        int e = buffer.episodes();
        int transitions = Math.toIntExact(buffer.transitions());
        float[] obs = new float[Math.multiplyExact(transitions + e, o)];
        float[] action = new float[Math.multiplyExact(transitions, a)];
        float[] reward = new float[transitions];
        float[] terminated = new float[transitions];
        int[] lengths = new int[e];
        int t = 0;
        for (int i = 0; i < e; i++) {
            Episode ep = buffer.episode(i);
            int len = ep.length();
            lengths[i] = len;
            System.arraycopy(ep.obs(), 0, obs, (t + i) * o, (len + 1) * o);
            System.arraycopy(ep.action(), 0, action, t * a, len * a);
            System.arraycopy(ep.reward(), 0, reward, t, len);
            System.arraycopy(ep.terminated(), 0, terminated, t, len);
            t += len;
        }
        SafeTensors.write(path, Map.of(SafeTensors.FORMAT_KEY, FORMAT, "step", Long.toString(step)), List.of(
                TensorData.f32("obs", obs, transitions + e, o),
                TensorData.f32("action", action, transitions, a),
                TensorData.f32("reward", reward, transitions),
                TensorData.f32("terminated", terminated, transitions),
                TensorData.i32("episode_length", lengths, e)));
    }

    /**
     * The buffer saved at trainer step {@code step}, refilled into a buffer of {@code capacity}.
     *
     * @throws CheckpointException naming the file and the problem (unreadable, other step, other dims)
     */
    static EpisodeBuffer read(Path path, long step, int obsDim, int actionDim, long capacity) {
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(path);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the replay buffer: " + e.getMessage());
        }
        Map<String, String> meta = file.metadata();
        if (!FORMAT.equals(meta.get(SafeTensors.FORMAT_KEY))) {
            throw new CheckpointException(path, "format '" + meta.get(SafeTensors.FORMAT_KEY) + "', expected " + FORMAT);
        }
        if (!Long.toString(step).equals(meta.get("step"))) {
            throw new CheckpointException(path, "saved at step " + meta.get("step") + ", but the checkpoint is at step "
                    + step + " (a crash between the two writes?)");
        }
        try {
            int[] lengths = file.tensor("episode_length").ints();
            float[] obs = expect(file, "obs", obsDim);
            float[] action = expect(file, "action", actionDim);
            float[] reward = file.tensor("reward").floats();
            float[] terminated = file.tensor("terminated").floats();
            var buffer = new EpisodeBuffer(obsDim, actionDim, capacity);
            int t = 0;
            for (int i = 0; i < lengths.length; i++) {
                int len = lengths[i];
                int o0 = (t + i) * obsDim;
                buffer.add(new Episode(obsDim, actionDim, Arrays.copyOfRange(obs, o0, o0 + (len + 1) * obsDim),
                        Arrays.copyOfRange(action, t * actionDim, (t + len) * actionDim),
                        Arrays.copyOfRange(reward, t, t + len), Arrays.copyOfRange(terminated, t, t + len)));
                t += len;
            }
            return buffer;
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new CheckpointException(path, "inconsistent replay buffer: " + e.getMessage());
        }
    }

    private static float[] expect(SafeTensorsFile file, String name, int dim) {
        TensorData t = file.tensor(name);
        int[] shape = t.shape();
        if (shape.length != 2 || shape[1] != dim) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + ", expected (n, " + dim + ")");
        }
        return t.floats();
    }
}
