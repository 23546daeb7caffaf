package org.mbrl4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.testing.RangeRecordingBackend;

/** A parent range and its phases: next ends the open phase, close ends it and the parent, also on an exception. */
class PhaseSequenceTest {

    @Test
    void nextEndsTheOpenPhaseAndCloseEndsTheLastPhaseThenTheParent() {
        var be = new RangeRecordingBackend(new CpuBackend());
        try (var update = PhaseSequence.open(be, "update")) {
            update.next("a");
            update.next("b");
            try (var inner = PhaseSequence.open(be)) {
                inner.next("b1");
                inner.next("b2");
            }
            update.end();
            update.end();
            update.next("c");
        }
        assertEquals(List.of("+update", "+a", "-a", "+b", "+b1", "-b1", "+b2", "-b2", "-b", "+c", "-c", "-update"),
                be.events());
    }

    @Test
    void anExceptionInsideAPhaseEndsThePhaseAndTheParent() {
        var be = new RangeRecordingBackend(new CpuBackend());
        var e = assertThrows(ArithmeticException.class, () -> {
            try (var plan = PhaseSequence.open(be, "plan")) {
                plan.next("iteration 0");
                try (var steps = PhaseSequence.open(be)) {
                    steps.next("sample");
                    throw new ArithmeticException("inside sample");
                }
            }
        });
        assertEquals("inside sample", e.getMessage());
        assertEquals(List.of("+plan", "+iteration 0", "+sample", "-sample", "-iteration 0", "-plan"), be.events());
        assertEquals(List.of(), be.openRanges());
    }
}
