package io.laas.ledger.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class RecurrenceTest {

    private static final Instant JAN_31 = Instant.parse("2027-01-31T09:00:00Z");

    private static Schedule schedule(Recurrence recurrence, Instant endAt, Integer maxRuns) {
        return new Schedule(UUID.randomUUID(), UUID.randomUUID(), ScheduleStatus.ACTIVE, new JsonObject(), JAN_31,
                recurrence, endAt, maxRuns, 0, 0, null, OffsetDateTime.now());
    }

    @Test
    void monthsAreCountedFromTheStartSoTheDayComesBack() {
        Recurrence monthly = new Recurrence(Recurrence.Unit.MONTH, 1, null);
        assertEquals(Instant.parse("2027-02-28T09:00:00Z"), monthly.due(2, JAN_31, JAN_31).orElseThrow());
        assertEquals(Instant.parse("2027-03-31T09:00:00Z"), monthly.due(3, JAN_31, null).orElseThrow());
    }

    @Test
    void daysAndWeeksStepFromTheStart() {
        assertEquals(Instant.parse("2027-02-03T09:00:00Z"),
                new Recurrence(Recurrence.Unit.DAY, 3, null).due(2, JAN_31, null).orElseThrow());
        assertEquals(Instant.parse("2027-02-28T09:00:00Z"),
                new Recurrence(Recurrence.Unit.WEEK, 2, null).due(3, JAN_31, null).orElseThrow());
    }

    @Test
    void cronRunsAtEachTimeFromTheStartOn() {
        Recurrence mondays = new Recurrence(Recurrence.Unit.CRON, 0, "0 9 * * 1");
        Instant first = mondays.due(1, JAN_31, null).orElseThrow();
        assertEquals(Instant.parse("2027-02-01T09:00:00Z"), first);
        assertEquals(Instant.parse("2027-02-08T09:00:00Z"), mondays.due(2, JAN_31, first).orElseThrow());
        assertEquals(JAN_31, new Recurrence(Recurrence.Unit.CRON, 0, "0 9 * * *").due(1, JAN_31, null).orElseThrow(),
                "a start that is itself a time of the expression is the first run");
        assertThrows(IllegalArgumentException.class, () -> Recurrence.parseCron("every day"));
    }

    @Test
    void endAndRunLimitStopASchedule() {
        Recurrence daily = new Recurrence(Recurrence.Unit.DAY, 1, null);
        assertNull(schedule(daily, null, 2).dueAfter(3, JAN_31));
        assertEquals(Instant.parse("2027-02-01T09:00:00Z"),
                schedule(daily, Instant.parse("2027-02-01T09:00:00Z"), null).dueAfter(2, JAN_31), "end_at is inclusive");
        assertNull(schedule(daily, Instant.parse("2027-02-01T08:59:59Z"), null).dueAfter(2, JAN_31));
        assertNull(schedule(Recurrence.ONCE, null, null).dueAfter(2, JAN_31));
    }
}
