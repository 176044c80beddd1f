package io.laas.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.tenancy.LedgerScope;
import io.laas.webhook.delivery.service.LostTail;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * After a restore to a backup where the ledger was at sequence 2 (epoch 2 started, its cut recorded as the epoch
 * script does), while the webhook service had stored up to 1: Kafka still delivers epoch 1's event 3, written after
 * the backup, and epoch 2 reuses sequence 3.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.LoopbackTargetsAllowed.class)
class LostTailIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Inject
    LostTail lostTail;

    @AfterEach
    void backToEpochOne() {
        run("DELETE FROM epoch_cuts WHERE epoch > 1", null);
        run("DELETE FROM epochs WHERE epoch > 1", null);
        lostTail.reload().await().atMost(WAIT);
    }

    @Test
    void theLostTailIsNeitherStoredNorDeliveredWhileOldEventsUpToTheCutAndTheNewEpochsAre() {
        UUID ledger = UUID.randomUUID();
        try (Receiver receiver = Receiver.start()) {
            Endpoints.create(ledger, receiver.url("/hook"));
            UUID first = UUID.randomUUID();
            LedgerEvents.sendAll(List.of(LedgerEvents.record(ledger, first, "transaction.posted",
                    LedgerEvents.transactionPostedNow(first, ledger, 1))));
            await().atMost(WAIT).until(() -> receiver.requests("/hook").size() == 1);
            run("INSERT INTO epochs (epoch) VALUES (2)", null);
            run("INSERT INTO epoch_cuts (epoch, ledger_id, last_sequence) VALUES (2, $1, 2)", ledger);
            lostTail.reload().await().atMost(WAIT);
            double skippedBefore = Metrics.value("laas_webhook_events_skipped_total", "reason=\"lost_tail\"").orElse(0.0);

            UUID keptUnconsumed = UUID.randomUUID();
            UUID lost = UUID.randomUUID();
            UUID reused = UUID.randomUUID();
            LedgerEvents.sendAll(List.of(
                    LedgerEvents.record(ledger, keptUnconsumed, "transaction.posted", inEpoch(keptUnconsumed, ledger, 2, 1)),
                    LedgerEvents.record(ledger, lost, "transaction.posted", inEpoch(lost, ledger, 3, 1)),
                    LedgerEvents.record(ledger, reused, "transaction.posted", inEpoch(reused, ledger, 3, 2))));

            await().atMost(WAIT).until(() -> receiver.requests("/hook").size() == 3);
            Set<UUID> delivered = Stream.of(first, keptUnconsumed, lost, reused)
                    .filter(id -> receiver.requests("/hook").stream().anyMatch(r -> r.body().contains(id.toString())))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(first, keptUnconsumed, reused), delivered, "the lost tail is never delivered");
            assertEquals(0L, count("SELECT count(*) FROM messages WHERE id = $1", lost), "the lost tail is not stored");
            assertEquals(3L, count("SELECT count(*) FROM messages WHERE ledger_id = $1", ledger));
            assertEquals(1.0, Metrics.value("laas_webhook_events_skipped_total", "reason=\"lost_tail\"").orElse(0.0) - skippedBefore);
        }
    }

    private static String inEpoch(UUID eventId, UUID ledger, long sequence, long epoch) {
        String envelope = LedgerEvents.transactionPostedNow(eventId, ledger, sequence).strip();
        return envelope.substring(0, envelope.length() - 1) + ",\"epoch\":" + epoch + "}";
    }

    private void run(String sql, UUID ledgerId) {
        pool.preparedQuery(sql).execute(ledgerId == null ? Tuple.tuple() : Tuple.of(ledgerId)).await().atMost(WAIT);
    }

    private long count(String sql, UUID id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
