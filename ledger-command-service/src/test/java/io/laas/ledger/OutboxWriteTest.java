package io.laas.ledger;

import static io.laas.ledger.LedgerFixtures.LEDGER_TOPIC;
import static io.laas.ledger.LedgerFixtures.awaitRecords;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.header;
import static io.laas.ledger.LedgerFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.laas.outbox.OutboxRelay;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@TestProfile(RelayDisabledProfile.class)
class OutboxWriteTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    OutboxRelay relay;

    @Test
    void eventAndOutboxRowAreWrittenTogetherAndStayUntilRelayed() throws InterruptedException {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        LedgerFixtures.createAccount(ledger, "revenue", "revenue");
        OutboxRelayTest.postTransaction(ledger, "outbox-1");

        Row event = rows(pool, "SELECT id, payload FROM events WHERE ledger_id = $1 AND sequence = 3", ledger).iterator().next();
        Thread.sleep(500); // longer than a relay interval: a running relay would have taken the rows
        Row outbox = rows(pool, "SELECT * FROM outbox WHERE id = $1", event.getUUID("id")).iterator().next();
        assertEquals("ledger", outbox.getString("aggregatetype"));
        assertEquals(ledger.toString(), outbox.getString("aggregateid"));
        assertEquals("transaction.posted", outbox.getString("type"));
        assertEquals(event.getJsonObject("payload"), outbox.getJsonObject("payload"));
        assertEquals(3L, count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", ledger.toString()));

        int published = 0;
        int batch;
        do {
            batch = relay.relayOnce().await().atMost(Duration.ofSeconds(60));
            published += batch;
        } while (batch > 0);

        assertTrue(published >= 3, "published " + published);
        assertEquals(0L, count(pool, "SELECT count(*) FROM outbox WHERE aggregateid = $1", ledger.toString()));
        List<ConsumerRecord<String, String>> records = awaitRecords(LEDGER_TOPIC, r -> ledger.toString().equals(r.key()), 3);
        assertEquals(List.of(event.getUUID("id").toString()),
                records.stream().filter(r -> "transaction.posted".equals(header(r, "eventType"))).map(r -> header(r, "id")).toList());
    }
}
