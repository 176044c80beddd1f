package io.laas.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class WindowCounterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long FROM = 1_000 * MS;
    private static final long UNTIL = 2_000 * MS;

    @Test
    void closedLoopCountsAnswersArrivingWithinTheWindowWithTheirServiceTime() {
        WindowCounter counter = new WindowCounter(FROM, UNTIL, false);

        counter.answered(FROM - 5 * MS, FROM + 5 * MS, 201); // sent before, answered within: counts
        counter.answered(FROM + 10 * MS, FROM + 12 * MS, 201);
        counter.answered(UNTIL - MS, UNTIL + MS, 201); // answered after: does not
        counter.answered(FROM - 20 * MS, FROM - 10 * MS, 201); // answered before: does not
        counter.answered(FROM + 20 * MS, FROM + 21 * MS, 409);
        counter.answered(FROM + 30 * MS, FROM + 31 * MS, WindowCounter.NO_ANSWER);

        assertEquals(2, counter.transactions());
        assertEquals(Map.of(0, 1L, 409, 1L), counter.errorsByStatus());
        Histogram latency = counter.latencyMicros();
        assertEquals(4, latency.getTotalCount());
        assertEquals(10_000, latency.getMaxValue(), 10);
        assertEquals(1.0, counter.measuredSeconds(), 1e-9);
    }

    @Test
    void aBulkCountsOneLatencyAndEveryItemItPostedOrRefused() {
        WindowCounter counter = new WindowCounter(FROM, UNTIL, false);

        counter.answered(FROM + 10 * MS, FROM + 60 * MS, new Outcome(98, Map.of(422, 2L), 0));
        counter.answered(FROM + 70 * MS, FROM + 90 * MS, Outcome.refused(WindowCounter.NO_ANSWER, 100));

        assertEquals(98, counter.transactions());
        assertEquals(2, counter.requests());
        assertEquals(Map.of(0, 100L, 422, 2L), counter.errorsByStatus());
        assertEquals(2, counter.latencyMicros().getTotalCount());
    }

    @Test
    void openLoopCountsRequestsDueWithinTheWindowHoweverLateTheirAnswer() {
        WindowCounter counter = new WindowCounter(FROM, UNTIL, true);

        counter.answered(UNTIL - MS, UNTIL + 300 * MS, 201); // due within, answered after: counts, 301 ms
        counter.answered(FROM - MS, FROM + MS, 201); // due before: does not

        assertEquals(1, counter.transactions());
        assertEquals(301_000, counter.latencyMicros().getMaxValue(), 301);
    }

    /**
     * A server that answers in 1 ms but stalls for 200 ms once, loaded at 100 requests/s over one
     * connection. Measured from the send time, only the request caught in the stall looks slow; measured
     * from the intended time, every request queued behind it does, as its caller would see.
     */
    @Test
    void openLoopLatencyIncludesTheQueueBehindAStall() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(FROM, 100);
        WindowCounter corrected = new WindowCounter(FROM, UNTIL, true);
        WindowCounter naive = new WindowCounter(FROM, UNTIL, false);
        long free = FROM; // when the one connection is free again
        for (long i = 0; schedule.intendedNanos(i) < UNTIL; i++) {
            long due = schedule.intendedNanos(i);
            long sent = Math.max(due, free);
            long service = i == 10 ? 200 * MS : MS;
            long answered = sent + service;
            free = answered;
            corrected.answered(due, answered, 201);
            naive.answered(sent, answered, 201);
        }

        assertEquals(100, corrected.transactions());
        Histogram fromIntended = corrected.latencyMicros();
        Histogram fromSent = naive.latencyMicros();
        // the stall delays the 20 requests due during it: the corrected p90 shows it, the naive one does not
        assertTrue(fromIntended.getValueAtPercentile(90) >= 100_000, "corrected p90 " + fromIntended.getValueAtPercentile(90));
        assertTrue(fromSent.getValueAtPercentile(90) <= 1_100, "naive p90 " + fromSent.getValueAtPercentile(90));
        assertEquals(fromIntended.getMaxValue(), fromSent.getMaxValue(), 1_000);
    }
}
