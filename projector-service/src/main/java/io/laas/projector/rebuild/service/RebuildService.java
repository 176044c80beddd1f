package io.laas.projector.rebuild.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.events.chain.HashChain;
import io.laas.projector.failure.repository.FailedEventRepository;
import io.laas.projector.projection.EventFailure;
import io.laas.projector.projection.LedgerEventParser;
import io.laas.projector.projection.ParsedEvent;
import io.laas.projector.projection.RawEvent;
import io.laas.projector.projection.repository.ProgressRepository;
import io.laas.projector.projection.service.BatchResult;
import io.laas.projector.projection.service.EventBatchApplier;
import io.laas.projector.projection.service.ProjectedSequences;
import io.laas.projector.rebuild.Rebuild;
import io.laas.projector.rebuild.client.EventFeedClient;
import io.laas.projector.rebuild.client.FeedException;
import io.laas.projector.rebuild.client.FeedPage;
import io.laas.projector.rebuild.config.RebuildConfig;
import io.laas.projector.rebuild.repository.RebuildRepository;
import io.laas.projector.rebuild.repository.ShadowProjection;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * Rebuilds one ledger's projection online from the command service's event log (docs/architecture.md, "Rebuilding
 * a ledger's projection"):
 * <ol>
 * <li>a {@code running} row in {@code rebuilds} (one per ledger at a time, whichever replica) and a copy of the
 * projection's tables in a schema of its own ({@link ShadowProjection});</li>
 * <li>the ledger's events, page after page from the feed, checked (each page must continue the sequence without a
 * gap, for this ledger, and the hash chain) and applied to the copy by the projection's own code
 * ({@link EventBatchApplier}) through the copy's pool; every page is a heartbeat;</li>
 * <li>the swap, in one transaction of the live pool that holds the ledger's progress row (so no batch of the
 * live projection applies events of the ledger meanwhile): if the live projection got further than the copy,
 * the copy catches up first and the swap is tried again; otherwise the ledger's rows are replaced by the copy's,
 * its progress set to the copy's, and parked events that now continue it are applied.</li>
 * </ol>
 * Reads are served by the live tables throughout, the old copy until the swap commits and the rebuilt one after.
 * Anything that goes wrong (the feed fails, has a gap or a broken chain, an event cannot be applied, the live projection keeps
 * overtaking the copy) fails the rebuild and leaves the live projection as it was; the copy is dropped either way.
 * A rebuild whose replica stopped is found by its stale heartbeat and marked failed (not resumed: starting again
 * is as cheap, and the operator sees what happened).
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);

    /** The copy's progress, owned by one rebuild's pipeline (one step at a time). */
    private static final class Progress {
        long lastSequence;
        long applied;
        /** The hash of the event at lastSequence (the genesis before the first). */
        String lastHash;
    }

    /** A page's events, checked, as records to apply; the hash of the last. */
    private record Checked(List<ParsedEvent> records, String lastHash) {
    }

    private final Pool pool;
    private final RebuildRepository rebuilds;
    private final ShadowProjection shadow;
    private final EventFeedClient feed;
    private final EventBatchApplier applier;
    private final FailedEventRepository failedEvents;
    private final ProgressRepository progress;
    private final LedgerEventParser parser;
    private final ProjectedSequences sequences;
    private final RebuildMetrics metrics;
    private final RebuildConfig config;
    private final Vertx vertx;
    private volatile long sweepTimer = -1;

    public RebuildService(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool, RebuildRepository rebuilds,
            ShadowProjection shadow, EventFeedClient feed, EventBatchApplier applier,
            FailedEventRepository failedEvents, ProgressRepository progress, LedgerEventParser parser,
            ProjectedSequences sequences, RebuildMetrics metrics, RebuildConfig config, Vertx vertx) {
        this.pool = pool;
        this.rebuilds = rebuilds;
        this.shadow = shadow;
        this.feed = feed;
        this.applier = applier;
        this.failedEvents = failedEvents;
        this.progress = progress;
        this.parser = parser;
        this.sequences = sequences;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    /** Abandoned rebuilds are looked for once per lease, so their copies do not outlive them for long. */
    void startSweeping(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(Math.max(1000, config.lease().toMillis()), id -> sweep().subscribe().with(
                ignored -> {
                }, failure -> LOG.debugf("Cannot look for abandoned rebuilds now: %s", failure.getMessage())));
    }

    void stopSweeping(@Observes ShutdownEvent event) {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /**
     * Starts a rebuild of the ledger and emits it, running; it goes on in the background. Fails with 404
     * {@code LEDGER_NOT_FOUND} when the projector never heard of the ledger, 409 {@code REBUILD_IN_PROGRESS} when
     * one is running.
     */
    public Uni<Rebuild> start(UUID ledgerId) {
        return sweep()
                .chain(() -> progress.sequences(pool, List.of(ledgerId)))
                .chain(found -> {
                    if (!found.containsKey(ledgerId)) {
                        throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId
                                + " has no projection to rebuild.");
                    }
                    return rebuilds.insert(pool, UUID.randomUUID(), ledgerId, found.get(ledgerId))
                            .onFailure(RebuildService::isUniqueViolation).transform(failure -> ProblemException
                                    .conflict("REBUILD_IN_PROGRESS", "A rebuild of ledger " + ledgerId
                                            + " is running; see GET /v1/ops/projector/ledgers/" + ledgerId + "/rebuild."));
                })
                .invoke(this::run);
    }

    /** The ledger's latest rebuild (null if none), after abandoned ones were marked failed. */
    public Uni<Rebuild> latest(UUID ledgerId) {
        return sweep().chain(() -> rebuilds.latest(pool, ledgerId));
    }

    /** Marks failed the rebuilds whose heartbeat is older than the lease and drops their copies. */
    Uni<Void> sweep() {
        return rebuilds.abandonStale(pool, config.lease()).chain(schemas -> {
            if (schemas.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("%d rebuild(s) abandoned by a stopped replica marked failed; dropping their copies %s",
                    schemas.size(), schemas);
            metrics.abandoned(schemas.size());
            Uni<Void> dropped = Uni.createFrom().voidItem();
            for (String schema : schemas) {
                dropped = dropped.chain(() -> shadow.drop(pool, schema));
            }
            return dropped;
        });
    }

    private void run(Rebuild rebuild) {
        metrics.started();
        LOG.infof("Rebuild %s of ledger %s started (projected sequence %d); building the copy in schema %s",
                rebuild.id(), rebuild.ledgerId(), rebuild.targetSequence(), rebuild.shadowSchema());
        Progress state = new Progress();
        state.lastHash = HashChain.genesis(rebuild.ledgerId());
        Uni.createFrom().deferred(() -> {
            Pool copy = shadow.pool(rebuild.shadowSchema());
            return shadow.create(pool, rebuild.shadowSchema())
                    .chain(() -> catchUp(rebuild, copy, state))
                    .chain(() -> swap(rebuild, copy, state, 1))
                    .eventually(() -> copy.close());
        })
                .eventually(() -> shadow.drop(pool, rebuild.shadowSchema()).onFailure().recoverWithNull())
                .subscribe().with(ignored -> {
                    metrics.completed();
                    LOG.infof("Rebuild %s of ledger %s completed: %d events applied, swapped in at sequence %d",
                            rebuild.id(), rebuild.ledgerId(), state.applied, state.lastSequence);
                }, failure -> {
                    metrics.failed();
                    String error = failure instanceof RebuildFailure || failure instanceof ProblemException
                            || failure instanceof FeedException
                                    ? failure.getMessage() : failure.toString();
                    LOG.errorf("Rebuild %s of ledger %s failed after %d events; the projection is left as it was: %s",
                            rebuild.id(), rebuild.ledgerId(), state.applied, error);
                    rebuilds.fail(pool, rebuild.id(), error).subscribe().with(ignored -> {
                    }, again -> LOG.errorf("Cannot mark rebuild %s failed (%s); it will be found abandoned",
                            rebuild.id(), again.getMessage()));
                });
    }

    /** Applies the feed's events after the copy's last sequence, page by page, until the feed has no more. */
    private Uni<Void> catchUp(Rebuild rebuild, Pool copy, Progress state) {
        return feed.after(rebuild.ledgerId(), state.lastSequence).chain(page -> {
            if (page.events().isEmpty()) {
                if (page.hasMore()) {
                    throw new RebuildFailure("the event feed answered an empty page with more to come after sequence "
                            + state.lastSequence);
                }
                return Uni.createFrom().voidItem();
            }
            Checked checked = continuing(rebuild, state, page);
            List<ParsedEvent> parsed = checked.records();
            long last = state.lastSequence + parsed.size();
            return copy.withTransaction(conn -> applier.apply(conn, parsed))
                    .invoke(result -> requireAllApplied(result, parsed.size()))
                    .chain(result -> {
                        state.lastSequence = last;
                        state.lastHash = checked.lastHash();
                        state.applied += result.applied();
                        metrics.applied(result.applied());
                        return rebuilds.progress(pool, rebuild.id(), state.lastSequence, state.applied);
                    })
                    .chain(() -> page.hasMore() ? catchUp(rebuild, copy, state) : Uni.createFrom().voidItem());
        });
    }

    /**
     * The page's envelopes as records, if they continue the ledger's history after the copy's last event: the next
     * sequences without a gap, events of this ledger, each {@code hash} the one the chain's rule gives over the
     * event before it ({@link HashChain}, the rule the command service links events with; the first event's
     * predecessor is the ledger's genesis). An event changed, removed, inserted or reordered in the event store
     * since it was linked fails the rebuild.
     */
    private Checked continuing(Rebuild rebuild, Progress state, FeedPage page) {
        List<ParsedEvent> parsed = new ArrayList<>(page.events().size());
        long expected = state.lastSequence + 1;
        String previous = state.lastHash;
        for (JsonObject envelope : page.events()) {
            Object sequence = envelope.getValue("sequence");
            String ledger = envelope.getString("ledger_id");
            Object eventId = envelope.getValue("event_id");
            if (!(sequence instanceof Number number) || number.longValue() != expected) {
                throw new RebuildFailure("the event feed has a gap: sequence " + expected + " expected, "
                        + sequence + " received (event " + eventId + ")");
            }
            if (!rebuild.ledgerId().toString().equals(ledger)) {
                throw new RebuildFailure("the event feed of ledger " + rebuild.ledgerId() + " returned event "
                        + eventId + " of ledger " + ledger);
            }
            String hash = envelope.getString(HashChain.HASH);
            String computed = HashChain.hash(previous, envelope);
            if (!computed.equals(hash)) {
                throw new RebuildFailure("the hash chain breaks at sequence " + expected + " (event " + eventId
                        + "): the chain gives " + computed + ", the event carries " + hash);
            }
            parsed.add(parser.classify(new RawEvent(envelope.encode(), ledger, envelope.getString("event_id"),
                    envelope.getString("event_type"), "rebuild " + rebuild.id())));
            previous = hash;
            expected++;
        }
        return new Checked(parsed, previous);
    }

    /** The copy takes every event: one it cannot apply fails the rebuild, as it would be a failed event live. */
    private static void requireAllApplied(BatchResult result, int expected) {
        if (!result.failures().isEmpty()) {
            EventFailure failure = result.failures().get(0);
            throw new RebuildFailure("event " + failure.eventId() + " (" + failure.eventType() + ") at sequence "
                    + failure.sequence() + " cannot be applied: " + failure.reason());
        }
        if (result.applied() != expected) {
            throw new RebuildFailure(expected + " events were to be applied to the copy but " + result.applied()
                    + " were (" + result.outcomes() + ")");
        }
    }

    private Uni<Void> swap(Rebuild rebuild, Pool copy, Progress state, int attempt) {
        UUID ledgerId = rebuild.ledgerId();
        long began = System.nanoTime();
        return pool.withTransaction(conn -> progress.lock(conn, Set.of(ledgerId)).chain(locked -> {
            long live = locked.getOrDefault(ledgerId, 0L);
            if (live > state.lastSequence) {
                return Uni.createFrom().<BatchResult>nullItem();
            }
            return shadow.swap(conn, rebuild.shadowSchema(), ledgerId, state.lastSequence)
                    .chain(() -> applier.drain(conn, Set.of(ledgerId)))
                    .call(drained -> failedEvents.record(conn, drained.failures()))
                    .call(drained -> rebuilds.complete(conn, rebuild.id(), state.lastSequence, state.applied)
                            .invoke(completed -> {
                                if (!completed) {
                                    throw new RebuildFailure("the rebuild was marked failed while it ran "
                                            + "(no heartbeat within the lease)");
                                }
                            }));
        })).chain(drained -> {
            if (drained == null) {
                if (attempt >= config.swapAttempts()) {
                    throw new RebuildFailure("the live projection kept getting further than the copy ("
                            + attempt + " attempts to swap)");
                }
                long before = state.lastSequence;
                return catchUp(rebuild, copy, state).chain(() -> {
                    if (state.lastSequence == before) {
                        throw new RebuildFailure("the event feed ends at sequence " + before
                                + ", behind the live projection of the ledger");
                    }
                    return swap(rebuild, copy, state, attempt + 1);
                });
            }
            long nanos = System.nanoTime() - began;
            metrics.swapped(nanos);
            LOG.infof("Rebuild %s of ledger %s swapped in at sequence %d in %d ms", rebuild.id(), ledgerId,
                    state.lastSequence, nanos / 1_000_000);
            Map<UUID, Long> reached = new HashMap<>(Map.of(ledgerId, state.lastSequence));
            reached.putAll(drained.advanced());
            sequences.reached(reached);
            return Uni.createFrom().voidItem();
        });
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** A reason to stop a rebuild that says itself what happened. */
    static final class RebuildFailure extends RuntimeException {
        RebuildFailure(String message) {
            super(message);
        }
    }
}
