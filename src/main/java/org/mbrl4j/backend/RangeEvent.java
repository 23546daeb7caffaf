package org.mbrl4j.backend;

import java.util.ArrayDeque;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A {@link ProfilerRange} as a Java Flight Recorder event: the CPU backend's ranges, so that a recording
 * ({@code java -XX:StartFlightRecording}, JMC, {@code jfr print --events org.mbrl4j.Range}) shows the
 * phases that NVTX names on CUDA. Not tied to the CPU: any backend may return it. With no recording that enables the event, {@link #open} returns
 * {@link ProfilerRange#NONE} after one check of the event's enabled flag: no allocation, no clock read.
 * A recording captures the ranges opened while it runs; each event carries its name, its parent
 * range's name and its depth, since JFR itself keeps no nesting.
 */
@Name(RangeEvent.NAME)
@Label("mbrl4j range")
@Category("mbrl4j")
@Description("A named phase of act, plan or update (the names are in org.mbrl4j.agent.PhaseRanges)")
@StackTrace(false)
public final class RangeEvent extends Event {
    /** The event type's name, for {@code jfr print --events} and recording settings. */
    public static final String NAME = "org.mbrl4j.Range";

    /** Asks JFR whether the event type is enabled; the answer is per type, not per instance. */
    private static final RangeEvent PROBE = new RangeEvent(null, null, 0);

    /** The names of the ranges open on this thread while recording, innermost last. */
    private static final ThreadLocal<ArrayDeque<String>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    @Label("Name")
    final String name;

    @Label("Parent")
    @Description("The enclosing range's name; null at the top")
    final String parent;

    @Label("Depth")
    @Description("0 at the top, one more per enclosing range")
    final int depth;

    private RangeEvent(String name, String parent, int depth) {
        this.name = name;
        this.parent = parent;
        this.depth = depth;
    }

    /** Begins a range named {@code name} when a recording enables this event, else returns NONE. */
    public static ProfilerRange open(String name) {
        if (!PROBE.isEnabled()) {
            return ProfilerRange.NONE;
        }
        ArrayDeque<String> open = OPEN.get();
        RangeEvent event = new RangeEvent(name, open.peekLast(), open.size());
        open.addLast(name);
        event.begin();
        return () -> {
            open.pollLast();
            event.commit();
        };
    }
}
