package io.laas.projector.projection.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.projector.config.ProjectorConfig;
import io.laas.projector.failure.repository.FailedEventRepository;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.LedgerEvent;
import io.laas.projector.projection.LedgerEventParser;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.RawEvent;
import io.laas.tenancy.LedgerScope;
import io.laas.web.logging.LogFields;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * Projects batches of ledger events exactly once and in per-ledger sequence order: one database transaction
 * per batch applies what can be applied ({@link EventBatchApplier}) and records what cannot
 * ({@code failed_events}). Failures are split on purpose:
 * <ul>
 * <li>the database rejecting the data (SQLSTATE classes 22 and 23) or the read model disagreeing with a
 * batch: the batch is applied again one record at a time, so that the event at fault is recorded as
 * failed and the others go through;</li>
 * <li>anything else (the database is unavailable, a lock timed out...): the whole batch is retried with
 * back-off, for as long as it takes, holding its partition, so no event is ever skipped.</li>
 * </ul>
 */
@ApplicationScoped
public class ProjectionService {

    private static final Logger LOG = Logger.getLogger(ProjectionService.class);

    private final Pool pool;
    private final EventBatchApplier applier;
    private final FailedEventRepository failedEvents;
    private final LedgerEventParser parser;
    private final ProjectionMetrics metrics;
    private final ProjectedSequences sequences;
    private final ProjectorConfig config;
    private final LostTail lostTail;

    public ProjectionService(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool, EventBatchApplier applier,
            FailedEventRepository failedEvents, LedgerEventParser parser, ProjectionMetrics metrics,
            ProjectedSequences sequences, ProjectorConfig config, LostTail lostTail) {
        this.lostTail = lostTail;
        this.pool = pool;
        this.applier = applier;
        this.failedEvents = failedEvents;
        this.parser = parser;
        this.metrics = metrics;
        this.sequences = sequences;
        this.config = config;
    }

    /**
     * Completes once the transaction holding the batch's effects and failures has committed. Events a restore lost
     * are left out first ({@link LostTail}).
     */
    public Uni<BatchResult> project(List<RawEvent> records) {
        return lostTail.withoutLostTail(records.stream().map(parser::classify).toList())
                .chain(parsed -> parsed.isEmpty() ? Uni.createFrom().item(BatchResult.NOTHING) : projectParsed(parsed));
    }

    private Uni<BatchResult> projectParsed(List<ParsedEvent> parsed) {
        long[] started = new long[1];
        return Uni.createFrom().deferred(() -> {
            started[0] = System.nanoTime();
            return inTransaction(parsed)
                    .onFailure(ProjectionService::isDataError).recoverWithUni(failure -> {
                        LOG.warnf("A batch of %d records was rejected (%s); applying its records one by one",
                                parsed.size(), failure.getMessage());
                        return oneByOne(parsed);
                    });
        })
                .onFailure().invoke(failure -> {
                    metrics.retry();
                    LOG.warnf("Projecting a batch of %d records failed, will retry: %s", parsed.size(),
                            failure.toString());
                })
                .onFailure().retry().withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                .indefinitely()
                .invoke(result -> {
                    sequences.reached(result.advanced());
                    metrics.record(result, parsed.size(), System.nanoTime() - started[0]);
                    report(result);
                });
    }

    private Uni<BatchResult> inTransaction(List<ParsedEvent> parsed) {
        return pool.withTransaction(conn -> applier.apply(conn, parsed)
                .call(result -> failedEvents.record(conn, result.failures())));
    }

    private Uni<BatchResult> oneByOne(List<ParsedEvent> parsed) {
        return Multi.createFrom().iterable(parsed)
                .onItem().transformToUniAndConcatenate(record -> inTransaction(List.of(record))
                        .onFailure(ProjectionService::isDataError).recoverWithUni(failure -> recordAlone(record, failure)))
                .collect().in(() -> new BatchResult[1], (acc, result) -> acc[0] = acc[0] == null ? result
                        : acc[0].then(result, true))
                .map(acc -> acc[0]);
    }

    /** The record is rejected by the database even on its own: it is recorded as failed with the reason. */
    private Uni<BatchResult> recordAlone(ParsedEvent record, Throwable failure) {
        EventFailure eventFailure;
        if (record instanceof ParsedEvent.Readable readable) {
            eventFailure = EventFailure.poison(record.raw(), readable.event(),
                    "the database rejected the event: " + failure.getMessage());
        } else {
            ParsedEvent.Unreadable unreadable = (ParsedEvent.Unreadable) record;
            eventFailure = new EventFailure(record.raw(), EventFailure.Kind.POISON, unreadable.ledgerId(),
                    unreadable.sequence(), unreadable.eventId(), unreadable.eventType(), unreadable.reason());
        }
        EventFailure recorded = eventFailure;
        return pool.withTransaction(conn -> failedEvents.record(conn, List.of(recorded)))
                .map(ignored -> BatchResult.failedAlone(EventOutcome.FAILED, recorded))
                .onFailure(ProjectionService::isDataError).recoverWithItem(again -> {
                    LogFields.forEvent(recorded.eventId(), recorded.ledgerId(), null, () -> LOG.errorf(
                            "Record %s cannot be projected nor recorded as failed (%s); it is skipped",
                            record.raw().origin(), again.getMessage()));
                    return BatchResult.failedAlone(EventOutcome.FAILED, recorded);
                });
    }

    /** The database refused the data itself (classes 22 and 23), or the read model disagreed: retrying cannot help. */
    public static boolean isDataError(Throwable failure) {
        if (failure instanceof ProjectionInconsistencyException) {
            return true;
        }
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            return pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23");
        }
        return false;
    }

    private void report(BatchResult result) {
        for (EventFailure failure : result.failures()) {
            LogFields.forEvent(failure.eventId(), failure.ledgerId(), null, () -> {
                if (failure.kind() == EventFailure.Kind.SEQUENCE_CONFLICT) {
                    LOG.errorf("Integrity error, ledger %s: event %s (%s) at sequence %d not applied: %s",
                            failure.ledgerId(), failure.eventId(), failure.eventType(), failure.sequence(),
                            failure.reason());
                } else {
                    LOG.errorf("Event %s (%s) of ledger %s at sequence %s from %s cannot be applied and is recorded "
                            + "as failed: %s", failure.eventId(), failure.eventType(), failure.ledgerId(),
                            failure.sequence(), failure.raw().origin(), failure.reason());
                }
            });
        }
        for (ParkedArrival parked : result.parked()) {
            LedgerEvent event = parked.event();
            long from = parked.ledgerAt() + 1;
            long to = event.sequence() - 1;
            LogFields.forEvent(event.eventId(), event.ledgerId(), null, () -> LOG.warnf("Ledger %s: event %s (%s) "
                    + "has sequence %d but the projection is at %d; parked until sequence%s %s arrive%s",
                    event.ledgerId(), event.eventId(), event.eventType(), event.sequence(), parked.ledgerAt(),
                    from == to ? "" : "s", from == to ? from : from + ".." + to, from == to ? "s" : ""));
        }
        if (result.drained() > 0) {
            LOG.infof("Applied %d parked event(s) after their predecessors; ledgers now at %s", result.drained(),
                    result.advanced());
        }
        LOG.debugf("Batch: %d applied, %d duplicate(s), %d parked, %d failed", result.applied(),
                result.count(EventOutcome.DUPLICATE), result.count(EventOutcome.PARKED), result.failures().size());
    }
}
