package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.io.FileDType;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.SafeTensorsFile;
import org.mbrl4j.io.TensorData;

/**
 * A training checkpoint: one safetensors file (readable from PyTorch with
 * {@code safetensors.torch.load_file}) holding the agent's tensors under their
 * {@link AgentState} names (TD-MPC2: {@code model.*}, {@code target.*}, {@code optim.*}) and a metadata
 * block of strings:
 * <pre>
 *   format            mbrl4j-checkpoint/1 (bumped on any incompatible change)
 *   config            the resolved config as YAML ({@link ConfigYaml})
 *   algorithm         the agent's algorithm (absent before the Agent plug: tdmpc2)
 *   env, obs_dim, action_dim      the env the model was built for
 *   trainer.*         {@link TrainerState}: step, env_step, episodes, updates, RNG counters, ...
 *   agent.*           the agent's scalars (running scale, optimizer steps, its RNG counters)
 *   git_revision      git rev-parse HEAD of the build, or "unknown"
 *   created           ISO-8601 UTC time of writing
 *   buffer.file, buffer.generation, buffer.crc32c   the replay-buffer file it belongs with ({@link BufferLink})
 *   crc32c.*          checksums of the header and of every tensor (written and verified by {@link SafeTensors})
 * </pre>
 * The replay buffer goes next to it ({@link BufferFile}). Files are replaced atomically. Reading refuses
 * a file whose checksums do not match (naming the tensor) and a tensor holding NaN or infinity.
 *
 * @param path where it was read from or written to
 * @param algorithm the {@link Algorithm#yamlName()} of the agent whose state it holds
 * @param buffer the buffer file it belongs with; empty for checkpoints written before buffer links (their
 *     buffer is {@link BufferFile#beside}), or when none was saved
 */
public record Checkpoint(Path path, String configYaml, String algorithm, String envName, int obsDim, int actionDim,
        TrainerState trainer, AgentState agent, String gitRevision, Optional<BufferLink> buffer) {

    /** The algorithm of checkpoints written before the metadata named one. */
    static final String ALGORITHM_BEFORE_THE_KEY = Algorithm.TDMPC2.yamlName();

    static final String FORMAT = SafeTensors.CHECKPOINT_FORMAT;
    private static final String CONFIG = "config";
    private static final String ALGORITHM = "algorithm";
    private static final String ENV = "env";
    private static final String OBS_DIM = "obs_dim";
    private static final String ACTION_DIM = "action_dim";
    private static final String GIT = "git_revision";
    private static final String CREATED = "created";
    private static final String AGENT_PREFIX = "agent.";
    private static final String T = "trainer.";
    private static final String BUFFER_FILE = "buffer.file";
    private static final String BUFFER_GENERATION = "buffer.generation";
    private static final String BUFFER_CHECKSUM = "buffer.crc32c";

    /** Writes this checkpoint to {@link #path()} atomically; {@code actionRepeat} gives the env step. */
    public void write(int actionRepeat) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SafeTensors.FORMAT_KEY, FORMAT);
        meta.put(CONFIG, configYaml);
        meta.put(ALGORITHM, algorithm);
        meta.put(ENV, envName);
        meta.put(OBS_DIM, Integer.toString(obsDim));
        meta.put(ACTION_DIM, Integer.toString(actionDim));
        meta.put(GIT, gitRevision);
        meta.put(CREATED, Instant.now().toString());
        TrainerState s = trainer;
        meta.put(T + "step", Long.toString(s.step()));
        meta.put(T + "env_step", Long.toString(s.step() * actionRepeat));
        meta.put(T + "episodes_started", Long.toString(s.episodesStarted()));
        meta.put(T + "updates", Long.toString(s.updates()));
        meta.put(T + "rng.seed_actions", Long.toString(s.seedActionCounter()));
        meta.put(T + "rng.buffer", Long.toString(s.bufferCounter()));
        meta.put(T + "last_episode_reward", Double.toString(s.lastEpisodeReward()));
        meta.put(T + "last_eval_reward", Double.toString(s.lastEvalReward()));
        meta.put(T + "elapsed_s", Double.toString(s.elapsedSeconds()));
        meta.put(T + "cpu_s", Double.toString(s.cpuSeconds()));
        meta.put(T + "eval_pending", Boolean.toString(s.evalPending()));
        meta.put(T + "checkpoint_pending", Boolean.toString(s.checkpointPending()));
        agent.scalars().forEach((k, v) -> meta.put(AGENT_PREFIX + k, v));
        buffer.ifPresent(b -> {
            meta.put(BUFFER_FILE, b.fileName());
            meta.put(BUFFER_GENERATION, Long.toString(b.generation()));
            meta.put(BUFFER_CHECKSUM, String.format("%08x", b.checksum()));
        });
        SafeTensors.write(path, meta, agent.tensors());
    }

    /**
     * Reads and checks a checkpoint: a readable safetensors file in format {@value #FORMAT} whose
     * checksums match, with every metadata entry present and well formed and only finite numbers in its
     * tensors. Shapes are checked when restoring into an agent.
     *
     * @throws CheckpointException naming the file and the problem
     */
    public static Checkpoint read(Path path) {
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(path);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path, "file not found (looked at " + path.toAbsolutePath().normalize() + ")");
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint: " + e.getMessage());
        }
        var m = new Meta(path, file.metadata());
        String format = file.metadata().get(SafeTensors.FORMAT_KEY);
        if (format == null) {
            throw new CheckpointException(path, "no '" + SafeTensors.FORMAT_KEY + "' entry in the metadata: a"
                    + " safetensors file, but not an mbrl4j checkpoint (expected format " + FORMAT + ")");
        }
        if (!format.equals(FORMAT)) {
            throw new CheckpointException(path, "format '" + format + "', but this build reads " + FORMAT
                    + "; use the mbrl4j version that wrote it, or train a new model");
        }
        var trainer = new TrainerState(m.nonNegative(T + "step"), m.nonNegative(T + "episodes_started"),
                m.nonNegative(T + "updates"), m.nonNegative(T + "rng.seed_actions"), m.nonNegative(T + "rng.buffer"),
                m.real(T + "last_episode_reward"), m.real(T + "last_eval_reward"), m.real(T + "elapsed_s"),
                m.realOr(T + "cpu_s", Double.NaN), m.bool(T + "eval_pending"), m.bool(T + "checkpoint_pending"));
        Map<String, String> scalars = new LinkedHashMap<>();
        file.metadata().forEach((k, v) -> {
            if (k.startsWith(AGENT_PREFIX)) {
                scalars.put(k.substring(AGENT_PREFIX.length()), v);
            }
        });
        List<TensorData> tensors = new ArrayList<>(file.tensors().values());
        tensors.forEach(t -> requireFinite(path, t));
        String algorithm = file.metadata().getOrDefault(ALGORITHM, ALGORITHM_BEFORE_THE_KEY);
        return new Checkpoint(path, m.text(CONFIG), algorithm, m.text(ENV), (int) m.positive(OBS_DIM),
                (int) m.positive(ACTION_DIM), trainer, new AgentState(tensors, scalars),
                file.metadata().getOrDefault(GIT, GitRevision.UNKNOWN), bufferLink(m));
    }

    private static Optional<BufferLink> bufferLink(Meta m) {
        if (!m.map().containsKey(BUFFER_FILE)) {
            return Optional.empty();
        }
        String crc = m.text(BUFFER_CHECKSUM);
        if (!crc.matches("[0-9a-f]{8}")) {
            throw new CheckpointException(m.path(), "metadata '" + BUFFER_CHECKSUM + "' = '" + crc
                    + "' is not 8 hex digits");
        }
        try {
            return Optional.of(new BufferLink(m.text(BUFFER_FILE), m.positive(BUFFER_GENERATION),
                    Long.parseLong(crc, 16)));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(m.path(), "metadata '" + BUFFER_FILE + "': " + e.getMessage());
        }
    }

    /** A NaN or infinity in the weights (or optimizer moments) means the run diverged before this save. */
    private static void requireFinite(Path path, TensorData t) {
        if (t.dtype() != FileDType.F32) {
            return;
        }
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new CheckpointException(path, "tensor '" + t.name() + "' holds " + v[i] + " at index " + i
                        + " of " + v.length + ": the run had diverged when it was saved; use an earlier checkpoint"
                        + " or train again (a lower lr, smaller loss coefficients or grad_clip_norm)");
            }
        }
    }

    /**
     * Loads the tensors and scalars into {@code agent}, which must be of the same algorithm and have
     * been built for the same architecture and for the env of {@code spec}.
     *
     * @throws CheckpointException naming the file and the algorithms, the envs, or every missing,
     *     unexpected or misshapen tensor
     */
    public void restoreInto(Agent agent, RunSpec spec) {
        String wanted = agent.algorithm().yamlName();
        if (!algorithm.equals(wanted)) {
            throw new CheckpointException(path, "holds a " + algorithm + " agent, but this run's algorithm is "
                    + wanted + ": set algorithm=" + algorithm + " to use it, or train a new " + wanted + " model");
        }
        if (spec.obsDim() != obsDim || spec.actionDim() != actionDim) {
            throw new CheckpointException(path, "written for env " + envName + " (obs " + obsDim + ", action "
                    + actionDim + "), but the agent is for " + spec.envName() + " (obs "
                    + spec.obsDim() + ", action " + spec.actionDim() + ")");
        }
        try {
            agent.restore(agent());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path, e.getMessage());
        }
    }

    /** Typed access to the metadata strings, with errors naming the file and the entry. */
    private record Meta(Path path, Map<String, String> map) {
        String text(String key) {
            String v = map.get(key);
            if (v == null) {
                throw new CheckpointException(path, "the metadata has no '" + key + "' entry; the file is"
                        + " incomplete or was not written by mbrl4j");
            }
            return v;
        }

        long nonNegative(String key) {
            long v = parseLong(key);
            if (v < 0) {
                throw new CheckpointException(path, "metadata '" + key + "' = " + v + " must be >= 0");
            }
            return v;
        }

        long positive(String key) {
            long v = parseLong(key);
            if (v < 1) {
                throw new CheckpointException(path, "metadata '" + key + "' = " + v + " must be >= 1");
            }
            return v;
        }

        private long parseLong(String key) {
            String v = text(key);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new CheckpointException(path, "metadata '" + key + "' = '" + v + "' is not an integer");
            }
        }

        double real(String key) {
            String v = text(key);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new CheckpointException(path, "metadata '" + key + "' = '" + v + "' is not a number");
            }
        }

        /** As {@link #real}, or {@code absent} when a checkpoint written before the key existed lacks it. */
        double realOr(String key, double absent) {
            return map.containsKey(key) ? real(key) : absent;
        }

        boolean bool(String key) {
            String v = text(key);
            if (!v.equals("true") && !v.equals("false")) {
                throw new CheckpointException(path, "metadata '" + key + "' = '" + v + "' is not true or false");
            }
            return Boolean.parseBoolean(v);
        }
    }
}
