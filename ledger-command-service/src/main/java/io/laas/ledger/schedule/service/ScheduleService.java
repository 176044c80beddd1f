package io.laas.ledger.schedule.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.Sequenced;
import io.laas.ledger.event.service.EventLog;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.ledger.schedule.Recurrence;
import io.laas.ledger.schedule.Schedule;
import io.laas.ledger.schedule.ScheduleStatus;
import io.laas.ledger.schedule.TransactionTemplate;
import io.laas.ledger.schedule.repository.ScheduleRepository;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.service.PostingService;
import io.laas.outbox.OutboxRelay;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Creates schedules and moves them between states (pause, resume, cancel), each change an event of the
 * ledger. The ledger's lock is taken before the schedule's, the order the runner takes them in too.
 */
@ApplicationScoped
public class ScheduleService {

    private final Pool pool;
    private final PostingService postings;
    private final LedgerRepository ledgers;
    private final ScheduleRepository schedules;
    private final EventLog events;
    private final OutboxRelay relay;

    public ScheduleService(Pool pool, PostingService postings, LedgerRepository ledgers, ScheduleRepository schedules,
            EventLog events, OutboxRelay relay) {
        this.pool = pool;
        this.postings = postings;
        this.ledgers = ledgers;
        this.schedules = schedules;
        this.events = events;
        this.relay = relay;
    }

    /** A schedule and whether this request created it (else it is the replay of an earlier one). */
    public record Created(Schedule schedule, boolean replayed) {
    }

    /**
     * Creates the schedule after checking its template as a transaction would be (currencies, amounts,
     * balance); accounts are checked at each run, whose refusal is recorded. Idempotent by key. Returns it with
     * its event's sequence; a replay with the ledger's sequence read after finding the schedule (it answers the
     * schedule as it stands now).
     */
    public Uni<Sequenced<Created>> create(UUID ledgerId, String idempotencyKey, String requestHash, TransactionCommand template,
            Instant startAt, Recurrence recurrence, Instant endAt, Integer maxRuns) {
        return postings.check(template)
                .chain(checked -> {
                    OffsetDateTime now = now();
                    Schedule draft = new Schedule(UUID.randomUUID(), ledgerId, ScheduleStatus.ACTIVE,
                            TransactionTemplate.of(template), startAt, recurrence, endAt, maxRuns, 0, 0, null, now);
                    Instant first = draft.dueAfter(1, null);
                    if (first == null) {
                        throw ProblemException.unprocessable("SCHEDULE_HAS_NO_RUNS",
                                "The schedule would never run: its first run falls after end_at.");
                    }
                    Schedule schedule = draft.with(ScheduleStatus.ACTIVE, 0, 0, first);
                    return LedgerScope.withLedger(pool, ledgerId,
                            conn -> schedules.findByKey(conn, ledgerId, idempotencyKey)
                            .chain(used -> used != null
                                    ? replay(conn, ledgerId, idempotencyKey, requestHash, used)
                                    : schedules.insert(conn, schedule, idempotencyKey, requestHash)
                                            .chain(inserted -> inserted
                                                    ? events.appendNext(conn, ledgerId, LedgerEvent.SCHEDULE_CREATED, now,
                                                            created(schedule))
                                                            .map(sequence -> new Sequenced<>(new Created(schedule, false), sequence))
                                                    // another request took the key meanwhile: answer as it did
                                                    : schedules.findByKey(conn, ledgerId, idempotencyKey).chain(
                                                            again -> replay(conn, ledgerId, idempotencyKey, requestHash, again)))));
                })
                .invoke(created -> relay.wake());
    }

    private Uni<Sequenced<Created>> replay(SqlConnection conn, UUID ledgerId, String key, String requestHash,
            ScheduleRepository.UsedKey used) {
        if (!used.requestHash().equals(requestHash)) {
            throw ProblemException.conflict("IDEMPOTENCY_KEY_REUSED",
                    "Idempotency key " + key + " was already used for a different schedule in this ledger.");
        }
        return schedules.find(conn, ledgerId, used.scheduleId())
                .chain(schedule -> ledgers.lastSequence(conn, ledgerId)
                        .map(sequence -> new Sequenced<>(new Created(schedule, true), sequence)));
    }

    /** The schedule with its latest runs (newest first, at most {@code runs}). */
    public Uni<ScheduleWithRuns> find(UUID ledgerId, UUID id, int runs) {
        return LedgerScope.withLedger(pool, ledgerId, conn -> schedules.find(conn, ledgerId, id)
                .onItem().ifNull().failWith(() -> scheduleNotFound(id))
                .chain(schedule -> schedules.latestRuns(conn, id, runs)
                        .map(latest -> new ScheduleWithRuns(schedule, latest))));
    }

    public record ScheduleWithRuns(Schedule schedule, List<ScheduleRepository.Run> runs) {
    }

    /** Up to {@code limit + 1} schedules after {@code afterId}, of {@code status} when given. */
    public Uni<List<Schedule>> list(UUID ledgerId, UUID afterId, ScheduleStatus status, int limit) {
        return LedgerScope.withLedger(pool, ledgerId,
                conn -> schedules.list(conn, ledgerId, afterId, status == null ? null : status.wire(), limit + 1));
    }

    public Uni<Sequenced<Schedule>> pause(UUID ledgerId, UUID id) {
        return transition(ledgerId, id, ScheduleStatus.PAUSED);
    }

    /** Resumes a paused schedule; runs that fell due while it was paused are posted at once, in order. */
    public Uni<Sequenced<Schedule>> resume(UUID ledgerId, UUID id) {
        return transition(ledgerId, id, ScheduleStatus.ACTIVE);
    }

    public Uni<Sequenced<Schedule>> cancel(UUID ledgerId, UUID id) {
        return transition(ledgerId, id, ScheduleStatus.CANCELLED);
    }

    /** The schedule with its event's sequence; one already in {@code to} with the ledger's, read under its lock. */
    private Uni<Sequenced<Schedule>> transition(UUID ledgerId, UUID id, ScheduleStatus to) {
        return LedgerScope.withLedger(pool, ledgerId, conn -> events.lockForWrite(conn, ledgerId)
                .chain(head -> schedules.lock(conn, ledgerId, id)
                .onItem().ifNull().failWith(() -> scheduleNotFound(id))
                .chain(current -> {
                    if (current.status() == to) {
                        return Uni.createFrom().item(new Sequenced<>(current, head.lastSequence()));
                    }
                    boolean allowed = switch (to) {
                        case PAUSED -> current.status() == ScheduleStatus.ACTIVE;
                        case ACTIVE -> current.status() == ScheduleStatus.PAUSED;
                        case CANCELLED -> current.status() == ScheduleStatus.ACTIVE || current.status() == ScheduleStatus.PAUSED;
                        case COMPLETED -> false;
                    };
                    if (!allowed) {
                        throw ProblemException.conflict("INVALID_SCHEDULE_TRANSITION", "Schedule " + id + " is "
                                + current.status().wire() + " and cannot become " + to.wire() + ".",
                                Map.of("schedule_status", current.status().wire()));
                    }
                    Schedule next = current.with(to, current.runs(), current.failedRuns(),
                            to == ScheduleStatus.CANCELLED ? null : current.nextRunAt());
                    return schedules.update(conn, next)
                            .chain(() -> events.appendNext(conn, ledgerId, LedgerEvent.SCHEDULE_UPDATED, now(),
                                    updated(current, next)))
                            .map(sequence -> new Sequenced<>(next, sequence));
                })))
                .invoke(schedule -> relay.wake());
    }

    public static JsonObject created(Schedule schedule) {
        Recurrence every = schedule.recurrence();
        JsonObject recurrence = every.unit() == null ? null : new JsonObject()
                .put("unit", every.unit().wire())
                .put("count", every.unit() == Recurrence.Unit.CRON ? null : every.count())
                .put("cron", every.cron());
        return new JsonObject()
                .put("schedule_id", schedule.id().toString())
                .put("status", schedule.status().wire())
                .put("template", schedule.template())
                .put("start_at", time(schedule.startAt()))
                .put("every", recurrence)
                .put("end_at", time(schedule.endAt()))
                .put("max_runs", schedule.maxRuns())
                .put("next_run_at", time(schedule.nextRunAt()));
    }

    public static JsonObject updated(Schedule before, Schedule after) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schedule_id", after.id().toString());
        data.put("status", after.status().wire());
        data.put("previous_status", before.status().wire());
        data.put("next_run_at", time(after.nextRunAt()));
        data.put("runs", after.runs());
        return new JsonObject(data);
    }

    public static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    static ProblemException scheduleNotFound(UUID id) {
        return ProblemException.notFound("SCHEDULE_NOT_FOUND", "Schedule " + id + " was not found.");
    }
}
