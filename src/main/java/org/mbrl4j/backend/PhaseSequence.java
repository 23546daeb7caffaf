package org.mbrl4j.backend;

/**
 * A parent profiler range and the phases inside it, opened one after another: {@link #next} ends the
 * open phase and opens the next, {@link #end} ends it without opening another, and {@link #close} ends
 * the open phase and then the parent. A method marks each of its phases with one line and, in
 * try-with-resources, still pops every range it pushed when an exception leaves it.
 * <pre>{@code
 * try (var update = PhaseSequence.open(backend, "update")) {
 *     update.next("td_target");
 *     ...
 *     update.next("world_model_loss");
 *     ...
 * }
 * }</pre>
 * Not thread-safe: one sequence belongs to the thread that opened it, as its ranges do.
 */
public final class PhaseSequence implements ProfilerRange {
    private final Backend backend;
    private final ProfilerRange parent;
    private ProfilerRange phase = ProfilerRange.NONE;

    private PhaseSequence(Backend backend, ProfilerRange parent) {
        this.backend = backend;
        this.parent = parent;
    }

    /** Opens the parent range {@code name} now; its phases follow with {@link #next}. */
    public static PhaseSequence open(Backend backend, String name) {
        return new PhaseSequence(backend, backend.range(name));
    }

    /** Phases directly inside whatever range is open on this thread (no parent range of their own). */
    public static PhaseSequence open(Backend backend) {
        return new PhaseSequence(backend, ProfilerRange.NONE);
    }

    /** Ends the open phase, if any, and opens the phase {@code name}. */
    public void next(String name) {
        end();
        phase = backend.range(name);
    }

    /** Ends the open phase, if any; what follows runs in the parent range only. */
    public void end() {
        ProfilerRange open = phase;
        phase = ProfilerRange.NONE;
        open.close();
    }

    /** Ends the open phase, then the parent. */
    @Override
    public void close() {
        try {
            end();
        } finally {
            parent.close();
        }
    }
}
