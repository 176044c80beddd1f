package io.laas.ledger.schedule.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.ledger.config.ScheduleConfig;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.service.EventLog;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.schedule.Schedule;
import io.laas.ledger.schedule.ScheduleStatus;
import io.laas.ledger.schedule.TransactionTemplate;
import io.laas.ledger.schedule.repository.ScheduleRepository;
import io.laas.ledger.transaction.service.PostingService;
import io.laas.outbox.OutboxRelay;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Posts the due runs of active schedules. A replica leases the schedules it takes, posts each one's next
 * run through the ordinary posting path with the run's derived idempotency key, then records the run
 * and moves the schedule on under the ledger's and the schedule's locks. Whatever happens in between
 * (two replicas, a crash, a restart), a run is posted at most once (the key) and recorded once (the
 * schedule's run count, checked under its lock); a run the ledger refuses (a business rule, e.g.
 * {@code INSUFFICIENT_FUNDS}) is recorded as failed, with a {@code schedule.run_failed} event, and not
 * retried. Runs that fell due while nothing ran (downtime) are posted one per look, oldest first.
 */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    private final Pool pool;
    private final Pool batch;
    private final ScheduleRepository schedules;
    private final PostingService postings;
    private final EventLog events;
    private final OutboxRelay relay;
    private final ScheduleConfig config;
    private final String replica = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * Leases due schedules of every ledger through {@code batch} (the batch datasource); posts and records each run
     * in its own ledger's scope through {@code pool}.
     */
    public ScheduleRunner(Pool pool, @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool batch,
            ScheduleRepository schedules, PostingService postings, EventLog events, OutboxRelay relay,
            ScheduleConfig config) {
        this.pool = pool;
        this.batch = batch;
        this.schedules = schedules;
        this.postings = postings;
        this.events = events;
        this.relay = relay;
        this.config = config;
    }

    /** One look at a time per replica: a slow one makes the next tick a no-op. */
    @Scheduled(identity = "schedule-runs", every = "${laas.ledger.schedules.interval:1s}")
    Uni<Void> tick() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return runDue().onTermination().invoke(() -> running.set(false));
    }

    /** Posts the next run of each due schedule this replica can lease; never fails. */
    public Uni<Void> runDue() {
        return schedules.claimDue(batch, replica, config.lease(), config.batchSize())
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem().transformToUniAndConcatenate(this::runNext)
                .collect().last()
                .onFailure().invoke(e -> LOG.warnf("Posting due schedule runs failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> runNext(Schedule schedule) {
        int run = schedule.runs() + 1;
        Instant dueAt = schedule.nextRunAt();
        return postings.post(TransactionTemplate.command(schedule, run, dueAt))
                .chain(outcome -> record(schedule, run, dueAt, outcome.receipt().transactionId(), null))
                .onFailure(ScheduleRunner::refusedByTheLedger)
                .recoverWithUni(e -> record(schedule, run, dueAt, null, (ProblemException) e))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Run %d of schedule %s could not be decided (%s); it is tried again", run, schedule.id(),
                            e.getMessage());
                    return schedules.release(batch, schedule.id(), replica).onFailure().recoverWithNull().replaceWithVoid();
                });
    }

    /**
     * A business refusal (4xx); a 5xx (e.g. LEDGER_BUSY) or a database failure is tried again instead. A ledger
     * archived since the schedule was leased is not a refusal of the run: nothing is recorded (an archived ledger
     * takes no event), the lease is dropped and the schedule is no longer due.
     */
    private static boolean refusedByTheLedger(Throwable e) {
        return e instanceof ProblemException problem && problem.status() < 500
                && !Ledger.LEDGER_ARCHIVED.equals(problem.code());
    }

    private Uni<Void> record(Schedule taken, int run, Instant dueAt, UUID transactionId, ProblemException problem) {
        UUID ledgerId = taken.ledgerId();
        return LedgerScope.withLedger(pool, ledgerId, conn -> events.lockForWrite(conn, ledgerId)
                .chain(() -> schedules.lock(conn, ledgerId, taken.id()))
                .chain(current -> {
                    if (current.runs() >= run) {
                        return Uni.createFrom().voidItem(); // another replica recorded this run
                    }
                    OffsetDateTime now = ScheduleService.now();
                    Instant next = current.dueAfter(run + 1, dueAt);
                    // a schedule paused while its last run was being posted is completed all the same
                    ScheduleStatus status = next == null && (current.status() == ScheduleStatus.ACTIVE
                            || current.status() == ScheduleStatus.PAUSED)
                            ? ScheduleStatus.COMPLETED
                            : current.status();
                    Schedule moved = current.with(status, run, current.failedRuns() + (problem == null ? 0 : 1),
                            status == ScheduleStatus.CANCELLED ? null : next);
                    JsonObject refusal = problem == null ? null
                            : new JsonObject().put("code", problem.code()).put("status", problem.status())
                                    .put("detail", problem.detail());
                    Uni<Void> recorded = schedules.insertRun(conn, ledgerId, current.id(), run, dueAt, transactionId,
                            refusal, now).chain(() -> schedules.update(conn, moved));
                    if (problem != null) {
                        recorded = recorded.chain(() -> events.appendNext(conn, ledgerId, LedgerEvent.SCHEDULE_RUN_FAILED,
                                now, new JsonObject()
                                        .put("schedule_id", current.id().toString())
                                        .put("run", run)
                                        .put("due_at", ScheduleService.time(dueAt))
                                        .put("idempotency_key", TransactionTemplate.runKey(current.id(), run))
                                        .put("problem", new JsonObject().put("code", problem.code())
                                                .put("detail", problem.detail()))).replaceWithVoid());
                    }
                    if (status != current.status()) {
                        recorded = recorded.chain(() -> events.appendNext(conn, ledgerId, LedgerEvent.SCHEDULE_UPDATED,
                                now, ScheduleService.updated(current, moved)).replaceWithVoid());
                    }
                    return recorded;
                }))
                .invoke(relay::wake);
    }
}
