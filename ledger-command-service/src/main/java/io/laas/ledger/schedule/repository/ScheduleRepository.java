package io.laas.ledger.schedule.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.schedule.Recurrence;
import io.laas.ledger.schedule.Schedule;
import io.laas.ledger.schedule.ScheduleStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class ScheduleRepository {

    private static final String COLUMNS = """
            id, ledger_id, status, template, start_at, every_unit, every_count, cron, end_at, max_runs, runs,
            failed_runs, next_run_at, created_at""";

    /** A schedule created earlier with this idempotency key: its id and request hash. */
    public record UsedKey(UUID scheduleId, String requestHash) {
    }

    /** Inserts the schedule; returns {@code false} (and changes nothing) when the key is already used. */
    public Uni<Boolean> insert(SqlClient client, Schedule schedule, String idempotencyKey, String requestHash) {
        Recurrence every = schedule.recurrence();
        return client.preparedQuery("""
                INSERT INTO schedules (id, ledger_id, status, template, start_at, every_unit, every_count, cron, end_at,
                                       max_runs, runs, failed_runs, next_run_at, created_at, idempotency_key, request_hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, $11, $12, $13, $14)
                ON CONFLICT (ledger_id, idempotency_key) DO NOTHING""")
                .execute(Tuple.from(new Object[] { schedule.id(), schedule.ledgerId(), schedule.status().wire(),
                        schedule.template(), utc(schedule.startAt()), every.unit() == null ? null : every.unit().wire(),
                        every.unit() == null || every.unit() == Recurrence.Unit.CRON ? null : every.count(), every.cron(), utc(schedule.endAt()),
                        schedule.maxRuns(), utc(schedule.nextRunAt()), schedule.createdAt(), idempotencyKey,
                        requestHash }))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<UsedKey> findByKey(SqlClient client, UUID ledgerId, String idempotencyKey) {
        return client.preparedQuery("SELECT id, request_hash FROM schedules WHERE ledger_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(ledgerId, idempotencyKey))
                .map(rows -> rows.size() == 0 ? null
                        : new UsedKey(rows.iterator().next().getUUID("id"), rows.iterator().next().getString("request_hash")));
    }

    public Uni<Schedule> find(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM schedules WHERE ledger_id = $1 AND id = $2")
                .execute(Tuple.of(ledgerId, id))
                .map(ScheduleRepository::first);
    }

    /** The schedule, locked until the transaction ends; only after the ledger's lock (the order every writer takes). */
    public Uni<Schedule> lock(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM schedules WHERE ledger_id = $1 AND id = $2 FOR UPDATE")
                .execute(Tuple.of(ledgerId, id))
                .map(ScheduleRepository::first);
    }

    /** A page of the ledger's schedules in id order after {@code afterId} (or from the first), optionally of one status. */
    public Uni<List<Schedule>> list(SqlClient client, UUID ledgerId, UUID afterId, String status, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + """
                 FROM schedules WHERE ledger_id = $1 AND ($2::uuid IS NULL OR id > $2) AND ($3::text IS NULL OR status = $3)
                ORDER BY id LIMIT $4""")
                .execute(Tuple.of(ledgerId, afterId, status, limit))
                .map(ScheduleRepository::all);
    }

    /** A run of a schedule as recorded: the transaction it posted, or the problem that refused it. */
    public record Run(int run, Instant dueAt, UUID transactionId, JsonObject problem, OffsetDateTime recordedAt) {
    }

    /** The schedule's latest runs, newest first. */
    public Uni<List<Run>> latestRuns(SqlClient client, UUID scheduleId, int limit) {
        return client.preparedQuery("""
                SELECT run, due_at, transaction_id, problem, recorded_at FROM schedule_runs
                WHERE schedule_id = $1 ORDER BY run DESC LIMIT $2""")
                .execute(Tuple.of(scheduleId, limit))
                .map(rows -> {
                    List<Run> runs = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        runs.add(new Run(row.getInteger("run"), instant(row.getOffsetDateTime("due_at")),
                                row.getUUID("transaction_id"), row.getJsonObject("problem"),
                                row.getOffsetDateTime("recorded_at")));
                    }
                    return runs;
                });
    }

    /**
     * Leases up to {@code limit} due schedules to {@code replica} for {@code lease}: schedules another
     * replica holds an unexpired lease on are left to it. A schedule of an archived ledger is never due: it
     * stays as it was when the ledger was archived.
     */
    public Uni<List<Schedule>> claimDue(SqlClient client, String replica, Duration lease, int limit) {
        return client.preparedQuery("""
                UPDATE schedules s SET claimed_by = $1, claimed_until = now() + $2 * interval '1 millisecond'
                WHERE s.id IN (SELECT d.id FROM schedules d
                               WHERE d.status = 'active' AND d.next_run_at <= now()
                                 AND (d.claimed_until IS NULL OR d.claimed_until < now())
                                 AND NOT EXISTS (SELECT 1 FROM ledgers l
                                                 WHERE l.id = d.ledger_id AND l.archived_at IS NOT NULL)
                               ORDER BY d.next_run_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED)""" + " RETURNING " + COLUMNS)
                .execute(Tuple.of(replica, lease.toMillis(), limit))
                .map(ScheduleRepository::all);
    }

    /** Writes the schedule's status, runs and next run, and drops its lease. */
    public Uni<Void> update(SqlClient client, Schedule schedule) {
        return client.preparedQuery("""
                UPDATE schedules SET status = $2, runs = $3, failed_runs = $4, next_run_at = $5, claimed_by = NULL,
                       claimed_until = NULL
                WHERE id = $1""")
                .execute(Tuple.of(schedule.id(), schedule.status().wire(), schedule.runs(), schedule.failedRuns(),
                        utc(schedule.nextRunAt())))
                .replaceWithVoid();
    }

    /** Lets another look take the schedule at once (a run that could not be decided, e.g. the database was away). */
    public Uni<Void> release(SqlClient client, UUID id, String replica) {
        return client.preparedQuery("UPDATE schedules SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
                .execute(Tuple.of(id, replica))
                .replaceWithVoid();
    }

    public Uni<Void> insertRun(SqlClient client, UUID ledgerId, UUID scheduleId, int run, Instant dueAt,
            UUID transactionId, JsonObject problem, OffsetDateTime recordedAt) {
        return client.preparedQuery("""
                INSERT INTO schedule_runs (ledger_id, schedule_id, run, due_at, transaction_id, problem, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(new Object[] { ledgerId, scheduleId, run, utc(dueAt), transactionId, problem,
                        recordedAt }))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Schedule first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : schedule(rows.iterator().next());
    }

    private static List<Schedule> all(RowSet<Row> rows) {
        List<Schedule> schedules = new ArrayList<>(rows.size());
        rows.forEach(row -> schedules.add(schedule(row)));
        return schedules;
    }

    private static Schedule schedule(Row row) {
        String unit = row.getString("every_unit");
        Recurrence recurrence = unit == null ? Recurrence.ONCE
                : new Recurrence(Recurrence.Unit.fromWire(unit), row.getInteger("every_count") == null ? 0
                        : row.getInteger("every_count"), row.getString("cron"));
        return new Schedule(row.getUUID("id"), row.getUUID("ledger_id"), ScheduleStatus.fromWire(row.getString("status")),
                row.getJsonObject("template"), instant(row.getOffsetDateTime("start_at")), recurrence,
                instant(row.getOffsetDateTime("end_at")), row.getInteger("max_runs"), row.getInteger("runs"),
                row.getInteger("failed_runs"), instant(row.getOffsetDateTime("next_run_at")),
                row.getOffsetDateTime("created_at"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
