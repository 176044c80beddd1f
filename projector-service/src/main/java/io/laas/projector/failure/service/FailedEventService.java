package io.laas.projector.failure.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.projector.failure.FailedEvent;
import io.laas.projector.failure.FailedEvent.Status;
import io.laas.projector.failure.repository.FailedEventRepository;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.LedgerEventParser;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.service.BatchResult;
import io.laas.projector.projection.service.EventBatchApplier;
import io.laas.projector.projection.service.ProjectedSequences;
import io.laas.projector.projection.service.ProjectionMetrics;
import io.laas.projector.projection.service.ProjectionService;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Operator work on failed events: list them, re-drive one (process its record again, exactly as it was
 * received, through the same path as a Kafka batch: applied if its ledger is ready for it, then the parked
 * successors drained), or dismiss one.
 */
@ApplicationScoped
public class FailedEventService {

    private static final Logger LOG = Logger.getLogger(FailedEventService.class);

    /** What became of a re-drive or a dismissal. {@code event} is null when there is no such failed event. */
    public record Handled(FailedEvent event, Result result, long appliedEvents, Long ledgerLastSequence) {
    }

    public enum Result {
        NOT_FOUND, NOT_OPEN,
        /** Applied now (with {@code appliedEvents - 1} parked successors). */
        APPLIED,
        /** Found applied already (delivered again since). */
        ALREADY_APPLIED,
        /** Valid, but its predecessor is missing: parked until it arrives. */
        PARKED,
        /** Still cannot be applied; the reason is the event's. */
        FAILED_AGAIN,
        DISMISSED
    }

    private final Pool pool;
    private final FailedEventRepository failedEvents;
    private final EventBatchApplier applier;
    private final LedgerEventParser parser;
    private final ProjectionMetrics metrics;
    private final ProjectedSequences sequences;

    public FailedEventService(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool,
            FailedEventRepository failedEvents, EventBatchApplier applier, LedgerEventParser parser,
            ProjectionMetrics metrics, ProjectedSequences sequences) {
        this.pool = pool;
        this.failedEvents = failedEvents;
        this.applier = applier;
        this.parser = parser;
        this.metrics = metrics;
        this.sequences = sequences;
    }

    public Uni<List<FailedEvent>> list(Status status, EventFailure.Kind kind, UUID ledgerId, Long beforePosition,
            int limit) {
        return failedEvents.list(status, kind, ledgerId, beforePosition, limit);
    }

    public Uni<FailedEvent> find(UUID id) {
        return failedEvents.find(id);
    }

    public Uni<Handled> redrive(UUID id) {
        long started = System.nanoTime();
        BatchResult[] applied = new BatchResult[1];
        return pool.withTransaction(conn -> failedEvents.lock(conn, id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(new Handled(null, Result.NOT_FOUND, 0, null));
            }
            if (row.status() != Status.FAILED) {
                return Uni.createFrom().item(new Handled(row, Result.NOT_OPEN, 0, null));
            }
            ParsedEvent parsed = parser.classify(row.record());
            return applier.apply(conn, List.of(parsed)).chain(result -> {
                List<EventFailure> others = result.failures().stream().filter(f -> f.raw() != row.record()).toList();
                EventFailure own = result.failures().stream().filter(f -> f.raw() == row.record()).findFirst()
                        .orElse(null);
                Result outcome = switch (result.outcomes().get(0)) {
                    case APPLIED -> Result.APPLIED;
                    case DUPLICATE -> Result.ALREADY_APPLIED;
                    case PARKED -> Result.PARKED;
                    case FAILED, SEQUENCE_CONFLICT -> Result.FAILED_AGAIN;
                };
                Uni<Void> recorded = own == null ? failedEvents.resolve(conn, id) : failedEvents.failedAgain(conn, id, own);
                applied[0] = result;
                return recorded.chain(() -> failedEvents.record(conn, others))
                        .map(ignored -> new Handled(row, outcome, result.applied(),
                                row.ledgerId() == null ? null : result.advanced().get(row.ledgerId())));
            });
        })).onFailure(ProjectionService::isDataError).recoverWithUni(failure -> {
                    applied[0] = null;
                    return rejected(id, failure);
                })
                .chain(this::reloaded).invoke(handled -> {
            if (applied[0] != null) {
                sequences.reached(applied[0].advanced());
                metrics.record(applied[0], 1, System.nanoTime() - started);
            }
            if (handled.result() != Result.NOT_FOUND && handled.result() != Result.NOT_OPEN) {
                LOG.infof("Failed event %s (event %s of ledger %s at sequence %s) re-driven: %s, %d event(s) applied",
                        id, handled.event().eventId(), handled.event().ledgerId(), handled.event().sequence(),
                        handled.result(), handled.appliedEvents());
                metrics.refresh();
            }
        });
    }

    /** The database rejected the re-driven event itself: it stays failed, with that reason. */
    private Uni<Handled> rejected(UUID id, Throwable failure) {
        return pool.withTransaction(conn -> failedEvents.lock(conn, id).chain(row -> {
            EventFailure again = new EventFailure(row.record(), EventFailure.Kind.POISON, row.ledgerId(),
                    row.sequence(), row.eventId(), row.eventType(),
                    "the database rejected the event: " + failure.getMessage());
            return failedEvents.failedAgain(conn, id, again)
                    .map(ignored -> new Handled(row, Result.FAILED_AGAIN, 0, null));
        }));
    }

    public Uni<Handled> dismiss(UUID id) {
        return pool.withTransaction(conn -> failedEvents.lock(conn, id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(new Handled(null, Result.NOT_FOUND, 0, null));
            }
            if (row.status() != Status.FAILED) {
                return Uni.createFrom().item(new Handled(row, Result.NOT_OPEN, 0, null));
            }
            return failedEvents.dismiss(conn, id).map(ignored -> new Handled(row, Result.DISMISSED, 0, null));
        })).chain(this::reloaded).invoke(handled -> {
            if (handled.result() == Result.DISMISSED) {
                LOG.warnf("Failed event %s (event %s of ledger %s at sequence %s, %s) dismissed by an operator",
                        id, handled.event().eventId(), handled.event().ledgerId(), handled.event().sequence(),
                        handled.event().kind().code());
                metrics.refresh();
            }
        });
    }

    /** The handled row as it is after the commit. */
    private Uni<Handled> reloaded(Handled handled) {
        if (handled.event() == null) {
            return Uni.createFrom().item(handled);
        }
        return failedEvents.find(handled.event().id())
                .map(now -> new Handled(now, handled.result(), handled.appliedEvents(), handled.ledgerLastSequence()));
    }
}
