package org.mbrl4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.io.AtomicFile;

/**
 * Where a run writes, decided before it starts. A run writes only into its own directory:
 * <ul>
 *   <li>a resume from {@code <D>/checkpoints/<name>.safetensors}, where D is the run directory its
 *       config names ({@link RunDirectory#of}, or with {@code run_dir=auto} any timestamped folder
 *       beside it), continues in D;</li>
 *   <li>a resume from a checkpoint anywhere else (a copy in /tmp, another run's folder) starts a new
 *       directory: the named one when it is empty, else a timestamped one ({@code overwrite=true}:
 *       the named one, cleared), and records where it came from; nothing is written beside the source;</li>
 *   <li>a fresh run writes into the named directory when it holds no files; into a non-empty one only
 *       with {@code overwrite=true} (cleared first); otherwise it stops, offering the three ways on:
 *       resume from the checkpoint that exists there, {@code overwrite=true}, or {@code run_dir=auto}.</li>
 * </ul>
 * {@code run_dir=auto} always takes a new folder {@code seed<seed>-<yyyy-MM-dd_HH-mm-ss>} beside the
 * named one (suffixed {@code -2}, {@code -3}, ... when that name is taken).
 *
 * @param resumedFrom the checkpoint a run resumed from when it lies outside {@code dir}
 */
record RunPlacement(RunDirectory dir, Kind kind, Optional<Path> resumedFrom) {

    enum Kind {
        /** An empty or absent directory. */
        NEW,
        /** The directory of the checkpoint the run resumes from: its logs are cut back and appended. */
        CONTINUE,
        /** An earlier run's directory, whose content is deleted first (overwrite=true). */
        OVERWRITE
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss");
    private static final String STAMP_PATTERN = "-[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}-[0-9]{2}-[0-9]{2}(-[0-9]+)?";

    /**
     * @throws TrainException for a fresh run into a non-empty directory without overwrite=true
     * @throws ConfigException for overwrite=true on a resume that would delete its own checkpoint
     */
    static RunPlacement decide(RunConfig run, Optional<Path> checkpoint, LocalDateTime now) {
        RunDirectory named = RunDirectory.of(run);
        if (checkpoint.isPresent()) {
            Path source = checkpoint.get().toAbsolutePath().normalize();
            Optional<Path> own = ownDirectory(source).filter(d -> isNamedBy(d, run, named));
            if (own.isPresent()) {
                if (run.overwrite()) {
                    throw ConfigException.of("overwrite", "overwrite=true would delete the checkpoint this run"
                            + " resumes from (" + checkpoint.get() + "); drop overwrite=true to continue the run in "
                            + own.get() + ", or add run_dir=auto to continue it in a new folder");
                }
                return new RunPlacement(new RunDirectory(own.get()), Kind.CONTINUE, Optional.empty());
            }
            boolean namedIsFree = isEmpty(named.root());
            if (run.autoRunDir() || (!namedIsFree && !run.overwrite())) {
                return new RunPlacement(auto(named, now), Kind.NEW, Optional.of(source));
            }
            if (!namedIsFree && source.startsWith(named.root().toAbsolutePath().normalize())) {
                throw ConfigException.of("overwrite", "overwrite=true would delete the checkpoint this run resumes"
                        + " from (" + checkpoint.get() + "), which lies in " + named.root() + "; drop overwrite=true");
            }
            return new RunPlacement(named, namedIsFree ? Kind.NEW : Kind.OVERWRITE, Optional.of(source));
        }
        if (run.autoRunDir()) {
            return new RunPlacement(auto(named, now), Kind.NEW, Optional.empty());
        }
        if (!isEmpty(named.root())) {
            if (run.overwrite()) {
                return new RunPlacement(named, Kind.OVERWRITE, Optional.empty());
            }
            throw new TrainException(occupied(named, now));
        }
        return new RunPlacement(named, Kind.NEW, Optional.empty());
    }

    /** What the run's banner says about its directory, beyond its path; empty when nothing needs saying. */
    Optional<String> note() {
        String from = resumedFrom.map(p -> "resumed from " + p + ", which lies outside this run directory: a new"
                + " run directory, the source's is left untouched").orElse("");
        String cleared = kind == Kind.OVERWRITE ? "overwrite=true: the earlier run's files here are deleted" : "";
        String both = Stream.of(cleared, from).filter(s -> !s.isEmpty()).reduce((a, b) -> a + "; " + b).orElse("");
        return both.isEmpty() ? Optional.empty() : Optional.of(both);
    }

    /** The message of a fresh run refused by a non-empty directory, with the ways on that exist. */
    private static String occupied(RunDirectory named, LocalDateTime now) {
        List<String> choices = new ArrayList<>();
        latestCheckpoint(named).ifPresent(ck -> choices.add("continue that run from its last checkpoint:"
                + " ./mbrl train checkpoint=" + ck));
        choices.add("replace it: add overwrite=true (deletes its logs and checkpoints first)");
        choices.add("keep it and start a new run beside it: add run_dir=auto (a new folder such as "
                + auto(named, now).root().getFileName() + ")");
        var sb = new StringBuilder("run directory " + named.root() + " already holds the files of an earlier run ("
                + describe(named.root()) + "); a fresh run does not write into it. Choose one:");
        for (int i = 0; i < choices.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(choices.get(i));
        }
        return sb.toString();
    }

    /** checkpoints/final.safetensors when it exists (the later one), else latest.safetensors if it exists. */
    static Optional<Path> latestCheckpoint(RunDirectory dir) {
        return Stream.of(RunDirectory.FINAL, RunDirectory.LATEST).map(dir::checkpoint).filter(Files::isRegularFile)
                .findFirst();
    }

    /** {@code <named>-<timestamp>} beside the named directory, with a numeric suffix if that exists. */
    private static RunDirectory auto(RunDirectory named, LocalDateTime now) {
        Path base = named.root().resolveSibling(named.root().getFileName() + "-" + STAMP.format(now));
        Path candidate = base;
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = base.resolveSibling(base.getFileName() + "-" + n);
        }
        return new RunDirectory(candidate);
    }

    /** D for a checkpoint at {@code D/checkpoints/<file>}. */
    private static Optional<Path> ownDirectory(Path checkpoint) {
        Path folder = checkpoint.getParent();
        if (folder == null || folder.getParent() == null || !folder.getFileName().toString().equals("checkpoints")) {
            return Optional.empty();
        }
        return Optional.of(folder.getParent());
    }

    /** Whether {@code dir} is the run directory the config names (with run_dir=auto: a timestamped sibling). */
    private static boolean isNamedBy(Path dir, RunConfig run, RunDirectory named) {
        if (!run.autoRunDir()) {
            return sameFile(dir, named.root());
        }
        Path parent = named.root().getParent();
        String prefix = named.root().getFileName().toString();
        return parent != null && dir.getParent() != null && sameFile(dir.getParent(), parent)
                && Pattern.matches(Pattern.quote(prefix) + STAMP_PATTERN, dir.getFileName().toString());
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + a + " with " + b, e);
        }
    }

    /** Whether {@code dir} is absent or holds no file but empty folders and stale temp files. */
    static boolean isEmpty(Path dir) {
        return files(dir).isEmpty();
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !Files.isDirectory(p) && !AtomicFile.isTemp(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list run directory " + dir, e);
        }
    }

    /** Up to four of the files in {@code dir}, relative to it, and how many more. */
    private static String describe(Path dir) {
        List<Path> files = files(dir);
        String some = String.join(", ", files.stream().limit(4).map(f -> dir.relativize(f).toString()).toList());
        return files.size() > 4 ? some + " and " + (files.size() - 4) + " more" : some;
    }
}
