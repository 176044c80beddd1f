package io.laas.bench.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseLatenciesTest {

    @Test
    void aDeliveryCountsForTheWindowItsEventWasCommittedInEvenIfItArrivesLater() {
        PhaseLatencies latencies = new PhaseLatencies();
        latencies.add("first", 1_000_000, 2_000_000);
        latencies.add("second", 3_000_000, 4_000_000);

        assertTrue(latencies.record(1_999_999, 1_500_000)); // arrived long after "first" ended
        assertTrue(latencies.record(3_000_000, 40_000));
        assertFalse(latencies.record(2_500_000, 10_000)); // between windows: settle or drain time
        assertFalse(latencies.record(4_000_000, 10_000));

        assertEquals(1, latencies.latencies("first").orElseThrow().getTotalCount());
        assertEquals(1_500_000, latencies.latencies("first").orElseThrow().getMaxValue(), 1_500);
        assertEquals(1, latencies.latencies("second").orElseThrow().getTotalCount());
        assertTrue(latencies.latencies("third").isEmpty());
    }
}
