package io.laas.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final long START = 1_000_000_000L;

    @Test
    void requestsAreDueAtFixedIntervalsFromTheStart() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 200);

        assertEquals(START, schedule.intendedNanos(0));
        assertEquals(START + 5_000_000, schedule.intendedNanos(1));
        assertEquals(START + 1_000_000_000, schedule.intendedNanos(200));
    }

    @Test
    void dueByCountsEveryRequestWhoseTimeHasComeIncludingThoseMissedDuringAStall() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 200);

        assertEquals(0, schedule.dueBy(START - 1));
        assertEquals(1, schedule.dueBy(START));
        assertEquals(1, schedule.dueBy(START + 4_999_999));
        assertEquals(2, schedule.dueBy(START + 5_000_000));
        // a sender that wakes up after a 1 s stall owes every request of that second
        assertEquals(201, schedule.dueBy(START + 1_000_000_000));
    }

    @Test
    void fractionalRatesKeepTheirAverage() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(0, 333.3);

        assertEquals(3333, schedule.dueBy(10_000_000_000L) - 1, 1);
        for (long i = 0; i < 5000; i++) {
            assertEquals(i + 1, schedule.dueBy(schedule.intendedNanos(i)));
        }
    }

    @Test
    void aRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, Double.NaN));
    }
}
