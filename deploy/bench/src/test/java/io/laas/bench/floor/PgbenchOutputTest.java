package io.laas.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PgbenchOutputTest {

    @Test
    void readsTpsLatencyAndFailuresOfPgbench15() {
        String output = """
                transaction type: seq.sql
                scaling factor: 1
                query mode: simple
                number of clients: 16
                number of threads: 2
                maximum number of tries: 20
                duration: 20 s
                number of transactions actually processed: 31662
                number of failed transactions: 3 (0.009%)
                number of transactions retried: 12 (0.038%)
                total number of retries: 14
                latency average = 10.107 ms
                initial connection time = 15.285 ms
                tps = 1583.127960 (without initial connection time)
                """;

        PgbenchOutput parsed = PgbenchOutput.parse(output);

        assertEquals(1583.127960, parsed.tps(), 1e-9);
        assertEquals(10.107, parsed.latencyMs(), 1e-9);
        assertEquals(3, parsed.failed());
    }

    @Test
    void anOutputWithoutTpsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> PgbenchOutput.parse("pgbench: error: connection refused"));
    }

    @Test
    void theBatchScriptsRunWithTheirOwnClientCount() {
        assertEquals(16, Floor.clients(FloorScript.UNIFORM, 16));
        assertEquals(2, Floor.clients(FloorScript.BATCH, 16));
        assertEquals(50, FloorScript.HOT_BATCH.perCommit());
    }
}
