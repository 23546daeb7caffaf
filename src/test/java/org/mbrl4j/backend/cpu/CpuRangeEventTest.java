package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.PhaseSequence;
import org.mbrl4j.backend.ProfilerRange;
import org.mbrl4j.backend.RangeEvent;

/** The CPU backend's profiler ranges are JFR events: recorded with name, parent and depth while a recording runs. */
class CpuRangeEventTest {
    private final CpuBackend cpu = new CpuBackend();

    @Test
    void withoutARecordingARangeIsTheSharedNoOpRange() {
        assertSame(ProfilerRange.NONE, cpu.range("plan"));
    }

    @Test
    void aFlightRecordingHoldsEveryRangeWithItsParentAndDepthAndNestedTimes() throws Exception {
        Path file = Files.createTempFile("mbrl-ranges", ".jfr");
        try {
            try (Recording recording = new Recording()) {
                recording.enable(RangeEvent.NAME);
                recording.start();
                try (var update = PhaseSequence.open(cpu, "update")) {
                    update.next("td_target");
                    update.next("policy");
                    try (var policy = PhaseSequence.open(cpu)) {
                        policy.next("policy_loss");
                        policy.next("policy_backward");
                    }
                }
                assertThrows(IllegalStateException.class, () -> {
                    try (var plan = cpu.range("plan")) {
                        throw new IllegalStateException("inside plan");
                    }
                });
                recording.stop();
                recording.dump(file);
            }
            assertSame(ProfilerRange.NONE, cpu.range("plan"), "no recording runs any more");
            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(RangeEvent.NAME)).toList();
            assertEquals(List.of("plan in null at 0", "policy in update at 1", "policy_backward in policy at 2",
                    "policy_loss in policy at 2", "td_target in update at 1", "update in null at 0"),
                    events.stream().map(e -> e.getString("name") + " in " + e.getString("parent") + " at "
                            + e.getInt("depth")).sorted().toList());
            Map<String, RecordedEvent> byName = events.stream()
                    .collect(Collectors.toMap(e -> e.getString("name"), e -> e));
            assertWithin(byName.get("policy_loss"), byName.get("policy"));
            assertWithin(byName.get("policy"), byName.get("update"));
            assertWithin(byName.get("td_target"), byName.get("update"));
            assertFalse(byName.get("td_target").getEndTime().isAfter(byName.get("policy").getStartTime()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aRuntimeWithoutJdkJfrGetsNoOpRangesInsteadOfAMissingClass() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(javaCommand, "--limit-modules", "java.base,jdk.incubator.vector", "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), WithoutJfr.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("jdk.jfr absent, ranges are no-ops"), out);
    }

    /** Run in a JVM limited to java.base and the Vector API, as a jlink image without jdk.jfr is. */
    public static final class WithoutJfr {
        public static void main(String[] args) {
            CpuBackend cpu = new CpuBackend();
            try (var update = PhaseSequence.open(cpu, "update")) {
                update.next("td_target");
            }
            boolean absent = ModuleLayer.boot().findModule("jdk.jfr").isEmpty();
            if (absent && cpu.range("plan") == ProfilerRange.NONE) {
                System.out.println("jdk.jfr absent, ranges are no-ops");
            }
        }
    }

    private static void assertWithin(RecordedEvent inner, RecordedEvent outer) {
        Instant start = inner.getStartTime();
        Instant end = inner.getEndTime();
        String what = inner.getString("name") + " [" + start + ", " + end + "] within " + outer.getString("name")
                + " [" + outer.getStartTime() + ", " + outer.getEndTime() + "]";
        assertTrue(!start.isBefore(outer.getStartTime()) && !end.isAfter(outer.getEndTime()), what);
    }
}
